package limber.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Connect and subscribe for the benchmark's Paho clients, the way a page's MQTT.js does it: when the
 * embedded Moquette drops the connection right after accepting it (it marks a session connected only
 * once its CONNACK write is confirmed, and a SUBSCRIBE can come back faster; seen as "SUBSCRIBE received
 * on already closed connection" in a few runs out of ten with 200 clients), connect and subscribe again.
 * Paho's default would hide this by retrying as MQTT 3.1; the clients here are pinned to 3.1.1.
 * Paho refuses a connect while it is still tearing the dropped connection down (32102): that one is
 * simply tried again a moment later.
 */
public final class PahoStart {
    private static final int ATTEMPTS = 3;

    private PahoStart() {
    }

    /** Returns how many times it had to start over (0 normally); throws after {@value #ATTEMPTS} tries. */
    public static int connectAndSubscribe(MqttAsyncClient client, MqttConnectOptions options, String[] filters,
                                          int[] qos) throws MqttException {
        for (int attempt = 1; ; attempt++) {
            try {
                connectOnceTornDown(client, options);
                client.subscribe(filters, qos).waitForCompletion(10_000);
                return attempt - 1;
            } catch (MqttException e) {
                if (attempt == ATTEMPTS || e.getReasonCode() != MqttException.REASON_CODE_CONNECTION_LOST) {
                    throw e;
                }
            }
        }
    }

    /** Connects; while Paho still tears a dropped connection down it refuses (32102), so try again shortly. */
    private static void connectOnceTornDown(MqttAsyncClient client, MqttConnectOptions options) throws MqttException {
        AtomicReference<MqttException> failed = new AtomicReference<>();
        Awaitility.await("Paho has torn the dropped connection down").atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    try {
                        client.connect(options).waitForCompletion(10_000);
                        return true;
                    } catch (MqttException e) {
                        if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_DISCONNECTING) {
                            return false;
                        }
                        failed.set(e);
                        return true;
                    }
                });
        if (failed.get() != null) {
            throw failed.get();
        }
    }
}
