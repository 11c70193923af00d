package limber.testing;

import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * What tests need from an engine they started ({@link EngineFixture} in this JVM, {@link EngineProcess}
 * as its own): its addresses and broker logins for its devices, made through its admin API.
 */
public interface TestEngine {
    String api();

    String brokerUrl();

    /** The logins made for this engine's test devices so far (and the means to make more). */
    DeviceLogins logins();

    /** The broker login of device {@code id} (role display, watch or tablet, in {@code zone}), made on first use. */
    default DeviceLogin device(String id, String role, String zone) {
        return logins().device(id, role, zone);
    }

    /** A probe logged in as device {@code id}, made on first use: it may publish what that device may. */
    default MqttProbe connect(String id, String role, String zone) throws MqttException {
        return new MqttProbe(brokerUrl(), device(id, role, zone));
    }

    /** A probe logged in as a fresh observer: it may subscribe to anything under limber/v1/ and publish nothing. */
    default MqttProbe observer() throws MqttException {
        return new MqttProbe(brokerUrl(), logins().observer());
    }
}
