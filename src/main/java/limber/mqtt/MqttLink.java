package limber.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.metrics.EngineMetrics;
import limber.protocol.Outbox;
import limber.session.EngineClock;

/**
 * The engine's Paho client. Paho calls back on its own single thread: every callback only reads the
 * clock and hops onto the owning Vert.x context. Subscriptions are re-made on every (re)connect;
 * publishes refused for a full in-flight window, or made while the connection is down, wait in a
 * bounded local queue, never on a thread.
 *
 * <p>Paho's own disconnected buffer is not used: a publish made while its sender thread empties the
 * buffer after a reconnect can be put in just after the thread's last look and then sits there until
 * the next reconnect (ClientComms.sendNoWait checks the buffer's count and adds to it in two steps).
 * That race is the likely reason a CI run of BrokerRestartIT saw the retained session, republished
 * right after the reconnect, never reach the restarted broker.
 */
public final class MqttLink implements Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
    /**
     * About 2.5 minutes of cues at 10,000 zones (1,270 a second); past it the oldest go (the retained
     * state is republished on reconnect anyway).
     */
    private static final int MAX_PENDING = 200_000;
    private static final long CONNACK_WAIT_MS = 8_000;
    private static final int CONNECT_ATTEMPTS = 3;

    /** {@code micros}: the handler gets the arrival in epoch microseconds, not milliseconds. */
    private record Subscription(String filter, int qos, boolean manualAck, boolean micros, MessageHandler handler) {
    }

    private final Context context;
    private final EngineClock clock;
    private final EngineMetrics metrics;
    private final MqttSettings settings;
    private final MqttAsyncClient client;
    /** Written on the context, read on Paho's threads (connectComplete, messageArrived). */
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final List<Runnable> reconnectListeners = new ArrayList<>();
    private final PublishQueue queue;
    private MqttConnectOptions options;

    public MqttLink(Context context, EngineClock clock, EngineMetrics metrics, MqttSettings settings) {
        this.context = context;
        this.clock = clock;
        this.metrics = metrics;
        this.settings = settings;
        this.queue = new PublishQueue(context, this::send, MAX_PENDING, this::dropped);
        try {
            this.client = new MqttAsyncClient(settings.url(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create MQTT client for " + settings.url() + ": " + e.getMessage(), e);
        }
        client.setManualAcks(true);
        client.setCallback(new Callback());
    }

    /** Registers a subscription acknowledged on arrival; (re)made on every connect, made at once if connected. */
    public void subscribe(String filter, int qos, MessageHandler handler) {
        add(new Subscription(filter, qos, false, false, handler));
    }

    /**
     * Like {@link #subscribe}, with the arrival in epoch microseconds, read as Paho hands the message
     * over: a clock-sync ping's t1 must not include the time it then waits for the event loop.
     */
    public void subscribeTimedInMicros(String filter, int qos, MessageHandler handler) {
        add(new Subscription(filter, qos, false, true, handler));
    }

    /** Registers a subscription whose messages the handler acknowledges itself, once they are safe. */
    public void subscribeWithManualAck(String filter, int qos, MessageHandler handler) {
        add(new Subscription(filter, qos, true, false, handler));
    }

    /**
     * The connect may already be under way (the engine starts it first, as Paho takes a while). Paho
     * marks itself connected before it calls connectComplete, so a subscription added before that is
     * in connectComplete's list, and one added after it sees the client connected: none is missed.
     */
    private void add(Subscription s) {
        subscriptions.add(s);
        if (client.isConnected()) {
            try {
                client.subscribe(s.filter(), s.qos());
            } catch (MqttException e) {
                LOG.error("subscribe to {} failed: {}", s.filter(), e.getMessage());
            }
        }
    }

    /** Runs on the context after every reconnect (not the first connect). */
    public void onReconnect(Runnable r) {
        reconnectListeners.add(r);
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** First connection; Paho's automatic reconnect takes over once it has succeeded. */
    public Future<Void> connect(String willTopic, byte[] willPayload) {
        options = new MqttConnectOptions();
        options.setAutomaticReconnect(true);
        // A persistent session: QoS 1 device events sent while the engine is away are kept by the
        // broker and, with manual acks, anything not yet journaled is redelivered.
        options.setCleanSession(!settings.persistentSession());
        options.setMaxInflight(settings.maxInflight());
        options.setKeepAliveInterval(settings.keepAliveSeconds());
        options.setConnectionTimeout(10);
        // Paho doubles its wait while it is below this, so 4 s gives tries 1, 2, 4, 4 s apart (5 s would
        // give 8). The wait is one static field for every Paho client in the JVM.
        options.setMaxReconnectDelay(4_000);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (!settings.username().isEmpty()) {
            options.setUserName(settings.username());
            options.setPassword(settings.password().toCharArray());
        }
        if (willTopic != null) {
            options.setWill(willTopic, willPayload, 1, true);
        }
        // a broker can accept the socket and never answer: each attempt is bounded (see FirstConnect)
        return new FirstConnect(context, client, options, CONNACK_WAIT_MS, CONNECT_ATTEMPTS).run();
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained) {
        queue.publish(new PublishQueue.Pending(topic, payload, qos, retained));
    }

    private PublishQueue.Sent send(PublishQueue.Pending p) {
        try {
            client.publish(p.topic(), p.payload(), p.qos(), p.retained());
            return PublishQueue.Sent.YES;
        } catch (MqttException e) {
            int reason = e.getReasonCode();
            if (reason == MqttException.REASON_CODE_MAX_INFLIGHT || reason == MqttException.REASON_CODE_CLIENT_NOT_CONNECTED) {
                return PublishQueue.Sent.WAIT;
            }
            LOG.warn("publish to {} failed: {}", p.topic(), e.getMessage());
            return PublishQueue.Sent.FAILED;
        }
    }

    /** Every drop is counted; the log says so at 1, 2, 4, 8... drops, so a long outage cannot flood it. */
    private void dropped(PublishQueue.Drop why) {
        metrics.publishDropped(why.name().toLowerCase(Locale.ROOT));
        long n = queue.dropped();
        if (Long.bitCount(n) == 1) {
            LOG.warn("{} publishes dropped so far (latest: {}; the queue holds {} at most)", n, why, MAX_PENDING);
        }
    }

    private void acknowledge(int id, int qos) {
        try {
            client.messageArrivedComplete(id, qos);
        } catch (MqttException e) {
            LOG.debug("ack of message {} not sent ({}); the broker will redeliver it", id, e.getMessage());
        }
    }

    /** Final messages, then a clean disconnect (so the broker does not fire our last will). */
    public Future<Void> close(long timeoutMs) {
        Promise<Void> promise = Promise.promise();
        try {
            client.disconnect(timeoutMs, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    closeQuietly();
                    promise.tryComplete();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    closeQuietly();
                    promise.tryComplete();
                }
            });
        } catch (MqttException e) {
            closeQuietly();
            promise.tryComplete();
        }
        return promise.future();
    }

    private void closeQuietly() {
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("closing MQTT client: {}", e.getMessage());
        }
    }

    /** A shared subscription ({@code $share/group/filter}) delivers topics matching its plain filter. */
    static String withoutShare(String filter) {
        if (!filter.startsWith("$share/")) {
            return filter;
        }
        int slash = filter.indexOf('/', "$share/".length());
        return slash < 0 ? filter : filter.substring(slash + 1);
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (!subscriptions.isEmpty()) {
                String[] filters = subscriptions.stream().map(Subscription::filter).toArray(String[]::new);
                int[] qos = subscriptions.stream().mapToInt(Subscription::qos).toArray();
                try {
                    client.subscribe(filters, qos);
                } catch (MqttException e) {
                    LOG.error("resubscribe after connect to {} failed: {}", serverURI, e.getMessage());
                }
            }
            if (reconnect) {
                LOG.info("MQTT reconnected to {}", serverURI);
            }
            context.runOnContext(v -> {
                if (reconnect) {
                    metrics.reconnected();
                    reconnectListeners.forEach(Runnable::run);
                }
                // what was published while the connection was down (or before the first connect)
                queue.drain();
            });
        }

        @Override
        public void connectionLost(Throwable cause) {
            LOG.warn("MQTT connection lost: {}", cause == null ? "unknown" : cause.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            long arrivedUs = clock.nowMicros();
            byte[] payload = message.getPayload();
            int id = message.getId();
            int qos = message.getQos();
            Runnable ack = () -> acknowledge(id, qos);
            for (Subscription s : subscriptions) {
                if (MqttTopic.isMatched(withoutShare(s.filter()), topic)) {
                    if (!s.manualAck()) {
                        ack.run();
                    }
                    long arrivedAt = s.micros() ? arrivedUs : Math.floorDiv(arrivedUs, 1000);
                    context.runOnContext(v -> s.handler().handle(topic, payload, arrivedAt, s.manualAck() ? ack : () -> { }));
                    return;
                }
            }
            ack.run();
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            queue.acknowledged();
        }
    }
}
