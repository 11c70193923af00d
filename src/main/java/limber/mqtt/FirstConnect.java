package limber.mqtt;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's first connection, bounded in time. Paho 1.2.5 waits for a CONNACK forever (its
 * connection timeout covers only the TCP connect, eclipse-paho/paho.mqtt.java#511, #1028), so a
 * broker that accepts the socket but never answers would hang the engine's start without a word.
 * Each attempt gets a deadline; a stalled one is dropped and tried again, and after the last one
 * the start fails with a message naming the broker.
 */
final class FirstConnect {
    private static final Logger LOG = LoggerFactory.getLogger(FirstConnect.class);

    private final Context context;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options;
    private final long attemptMs;
    private final int attempts;
    private final Promise<Void> result = Promise.promise();

    FirstConnect(Context context, MqttAsyncClient client, MqttConnectOptions options, long attemptMs, int attempts) {
        this.context = context;
        this.client = client;
        this.options = options;
        this.attemptMs = attemptMs;
        this.attempts = attempts;
    }

    Future<Void> run() {
        attempt(1);
        return result.future();
    }

    private void attempt(int n) {
        Promise<Void> answered = Promise.promise();
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    context.runOnContext(v -> answered.tryComplete());
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    context.runOnContext(v -> answered.tryFail(e));
                }
            });
        } catch (MqttException e) {
            answered.tryFail(e);
        }
        long timer = context.owner().setTimer(attemptMs, id -> answered.tryFail(new StalledConnect()));
        answered.future().onComplete(ar -> {
            context.owner().cancelTimer(timer);
            if (ar.succeeded()) {
                result.tryComplete();
            } else if (ar.cause() instanceof StalledConnect && n < attempts) {
                LOG.warn("MQTT broker {} accepted the connection but sent no CONNACK within {} ms; trying again ({}/{})",
                        client.getServerURI(), attemptMs, n + 1, attempts);
                drop().onComplete(d -> attempt(n + 1));
            } else if (ar.cause() instanceof StalledConnect) {
                drop().onComplete(d -> result.tryFail(new IllegalStateException("cannot connect to MQTT broker "
                        + client.getServerURI() + ": no CONNACK within " + attemptMs + " ms, " + attempts + " attempts")));
            } else {
                result.tryFail(new IllegalStateException(
                        "cannot connect to MQTT broker " + client.getServerURI() + ": " + ar.cause().getMessage(), ar.cause()));
            }
        });
    }

    /** Abandons a stalled attempt; Paho may block briefly doing so, so off the event loop. */
    private Future<Void> drop() {
        return context.owner().executeBlocking(() -> {
            try {
                client.disconnectForcibly(0, 200, false);
            } catch (MqttException e) {
                LOG.debug("dropping a stalled connect: {}", e.getMessage());
            }
            return null;
        });
    }

    private static final class StalledConnect extends RuntimeException {
        StalledConnect() {
            super("no CONNACK", null, false, false);
        }
    }
}
