package limber.testing;

import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * Connect options for the tests' Paho clients, pinned to MQTT 3.1.1. Paho's default retries a refused
 * 3.1.1 CONNECT as MQTT 3.1, whose 23-character client-id limit a {@code name-<nanoTime>} id breaks once
 * the machine has been up about three hours: the broker then drops the retry as a malformed frame and
 * the test sees "connection lost" (32109) instead of the refusal it asserts.
 */
public final class PahoOptions {
    private PahoOptions() {
    }

    public static MqttConnectOptions v311() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        return o;
    }
}
