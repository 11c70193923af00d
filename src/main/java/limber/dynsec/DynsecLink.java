package limber.dynsec;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small Paho connection of its own for the plugin's command topic, so the engine's main link keeps
 * its subscriptions and queue untouched. Each command goes out tagged with a correlation id and its
 * future completes with the plugin's answer to it (failed with a {@link DynsecException} when the
 * plugin says "error", or when nothing comes back in time). Everything completes on {@code context}.
 */
final class DynsecLink {
    private static final Logger LOG = LoggerFactory.getLogger(DynsecLink.class);
    static final long ANSWER_MS = 5_000;
    private static final String NOT_SENT = "not sent";

    private final Vertx vertx;
    private final Context context;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();
    private final Map<String, Promise<JsonObject>> waiting = new HashMap<>();
    private Runnable onConnected = () -> { };
    /** Connected and subscribed to the answers. */
    private volatile boolean ready;
    private long next;

    DynsecLink(Vertx vertx, Context context, String url, String clientId, String user, String password) {
        this.vertx = vertx;
        this.context = context;
        try {
            client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create the dynamic security client for " + url, e);
        }
        options.setAutomaticReconnect(true);
        options.setCleanSession(true);
        options.setMaxReconnectDelay(2_000);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(20);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(user);
        options.setPassword(password.toCharArray());
        client.setCallback(new Callback());
    }

    /** Runs on the context after every connect, once the answers' topic is subscribed. */
    void onConnected(Runnable r) {
        onConnected = r;
    }

    boolean connected() {
        return ready && client.isConnected();
    }

    /** Connects in the background; Paho keeps reconnecting after the first success, this retries before it. */
    void connect() {
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    LOG.warn("dynamic security: cannot connect ({}); retrying in 2 s", e.getMessage());
                    vertx.setTimer(2_000, id -> connect());
                }
            });
        } catch (MqttException e) {
            LOG.warn("dynamic security: cannot connect ({})", e.getMessage());
        }
    }

    /**
     * Sends one command; completes with the plugin's answer to it. A command asked for while the
     * connection is down (the plugin disconnects the engine once, when it gives itself its role)
     * waits up to {@link #ANSWER_MS} for it to come back.
     */
    Future<JsonObject> send(JsonObject command) {
        // the connection can drop between the check and the publish (the plugin kicks the engine when it
        // gives itself its role): a command that never left is tried once more after the reconnect
        return attempt(command).recover(e -> e instanceof DynsecException d && d.getMessage().contains(NOT_SENT)
                ? attempt(command) : Future.failedFuture(e));
    }

    private Future<JsonObject> attempt(JsonObject command) {
        if (connected()) {
            return publish(command);
        }
        Promise<Void> up = Promise.promise();
        long deadline = System.currentTimeMillis() + ANSWER_MS;
        vertx.setPeriodic(50, timer -> {
            if (connected()) {
                vertx.cancelTimer(timer);
                up.tryComplete();
            } else if (System.currentTimeMillis() > deadline) {
                vertx.cancelTimer(timer);
                up.tryFail(new DynsecException(command.getString("command"), "not connected to the broker"));
            }
        });
        return up.future().compose(v -> publish(command));
    }

    private Future<JsonObject> publish(JsonObject command) {
        String id = "limber-" + (++next);
        Promise<JsonObject> answer = Promise.promise();
        waiting.put(id, answer);
        long timer = vertx.setTimer(ANSWER_MS, t -> {
            if (waiting.remove(id) != null) {
                answer.tryFail(new DynsecException(command.getString("command"), "no answer within " + ANSWER_MS + " ms"));
            }
        });
        byte[] payload = DynsecCommands.batch(List.of(command.copy().put("correlationData", id))).encode()
                .getBytes(StandardCharsets.UTF_8);
        try {
            client.publish(DynsecCommands.TOPIC, payload, 1, false);
        } catch (MqttException e) {
            waiting.remove(id);
            vertx.cancelTimer(timer);
            answer.tryFail(new DynsecException(command.getString("command"), NOT_SENT + ": " + e.getMessage()));
        }
        return answer.future().onComplete(ar -> vertx.cancelTimer(timer));
    }

    private void answered(JsonObject response) {
        JsonArray responses = response.getJsonArray("responses", new JsonArray());
        for (int i = 0; i < responses.size(); i++) {
            JsonObject r = responses.getJsonObject(i);
            Promise<JsonObject> p = waiting.remove(r.getString("correlationData", ""));
            if (p == null) {
                continue; // another admin's command, or one that timed out
            }
            if (r.getString("error") != null) {
                p.tryFail(new DynsecException(r.getString("command"), r.getString("error")));
            } else {
                p.tryComplete(r);
            }
        }
    }

    Future<Void> close() {
        Promise<Void> done = Promise.promise();
        vertx.executeBlocking(() -> {
            try {
                if (client.isConnected()) {
                    client.disconnect(1_000).waitForCompletion(2_000);
                }
            } catch (MqttException e) {
                LOG.debug("dynamic security: disconnect: {}", e.getMessage());
            }
            client.close(true);
            return null;
        }).onComplete(ar -> done.complete());
        return done.future();
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            try {
                client.subscribe(DynsecCommands.RESPONSE_TOPIC, 1, null,
                        new IMqttActionListener() {
                            @Override
                            public void onSuccess(IMqttToken token) {
                                ready = true;
                                context.runOnContext(v -> onConnected.run());
                            }

                            @Override
                            public void onFailure(IMqttToken token, Throwable e) {
                                LOG.warn("dynamic security: cannot subscribe to the answers: {}", e.getMessage());
                            }
                        });
            } catch (MqttException e) {
                LOG.warn("dynamic security: cannot subscribe to the answers: {}", e.getMessage());
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            ready = false;
            LOG.info("dynamic security: connection lost ({}); reconnecting", cause == null ? "?" : cause.getMessage());
            // commands still waiting may have died with the connection: they are tried once more after the
            // reconnect (safe: the sync treats "already exists" and "not found" as done)
            context.runOnContext(v -> {
                List<Promise<JsonObject>> lost = List.copyOf(waiting.values());
                waiting.clear();
                lost.forEach(p -> p.tryFail(new DynsecException("command", NOT_SENT + ": the connection dropped before the answer")));
            });
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            String text = new String(message.getPayload(), StandardCharsets.UTF_8);
            context.runOnContext(v -> {
                try {
                    answered(new JsonObject(text));
                } catch (RuntimeException e) {
                    LOG.debug("dynamic security: unreadable answer: {}", text);
                }
            });
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }
}
