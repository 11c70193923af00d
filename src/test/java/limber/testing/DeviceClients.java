package limber.testing;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * One MQTT connection per simulated device, as on a real floor: the broker budgets each connection's
 * device messages, so a test that publishes for many devices through one client would be a flood.
 */
public final class DeviceClients implements AutoCloseable {
    private final List<MqttProbe> clients = new ArrayList<>();

    public DeviceClients(String brokerUrl, int devices) throws MqttException {
        try {
            for (int i = 0; i < devices; i++) {
                clients.add(new MqttProbe(brokerUrl));
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
