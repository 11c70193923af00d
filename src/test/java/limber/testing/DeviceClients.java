package limber.testing;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * One MQTT connection per simulated device, each with the device's own login, as on a real floor: a
 * login may only publish on its own device topics, and the broker budgets each connection's device
 * messages, so a test that publishes for many devices through one client would be refused or a flood.
 */
public final class DeviceClients implements AutoCloseable {
    private final List<MqttProbe> clients = new ArrayList<>();

    /** One connection per login, in order: {@code get(i)} is logged in as {@code logins.get(i)}. */
    public DeviceClients(String brokerUrl, List<DeviceLogin> logins) throws MqttException {
        try {
            for (DeviceLogin login : logins) {
                clients.add(new MqttProbe(brokerUrl, login));
            }
        } catch (MqttException e) {
            close();
            throw e;
        }
    }

    public MqttProbe get(int device) {
        return clients.get(device);
    }

    /** Closes every connection; one that is already gone (its broker died) is simply dropped. */
    @Override
    public void close() {
        for (MqttProbe c : clients) {
            try {
                c.close();
            } catch (MqttException | RuntimeException e) {
                // the broker went away with the engine: nothing left to close cleanly
            }
        }
        clients.clear();
    }
}
