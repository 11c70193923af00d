package limber.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A plain Paho client standing in for a device: records what it receives, with arrival time. */
public final class MqttProbe implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Received(String topic, String payload, long arrivedAt) {
        public JsonNode json() {
            try {
                return JSON.readTree(payload);
            } catch (Exception e) {
                throw new IllegalStateException("not JSON on " + topic + ": " + payload, e);
            }
        }
    }

    private final MqttClient client;
    public final List<Received> received = new CopyOnWriteArrayList<>();

    /** Anonymous: only for a broker that lets anyone in, or a test that checks it does not. */
    public MqttProbe(String url) throws MqttException {
        this(url, "probe-" + UUID.randomUUID().toString().substring(0, 8), null, null);
    }

    /** Logged in as a device, with a client id of its own (several probes may share one login). */
    public MqttProbe(String url, DeviceLogin login) throws MqttException {
        this(url, login.id() + "-" + UUID.randomUUID().toString().substring(0, 8), login.username(), login.password());
    }

    public MqttProbe(String url, String clientId, String user, String password) throws MqttException {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        client.setTimeToWait(10_000); // a broker that never answers must not hang a test
        MqttConnectOptions o = PahoOptions.v311();
        o.setCleanSession(true);
        o.setAutomaticReconnect(true);
        o.setMaxInflight(5000);
        o.setMaxReconnectDelay(1000);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.toCharArray());
        }
        client.connect(o);
    }

    public MqttProbe subscribe(String filter) throws MqttException {
        IMqttMessageListener l = (topic, m) -> received.add(
                new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), System.currentTimeMillis()));
        client.subscribe(filter, 1, l);
        return this;
    }

    public void publish(String topic, String payload, int qos) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
    }

    public void publish(String topic, byte[] payload, int qos, boolean retained) throws MqttException {
        client.publish(topic, payload, qos, retained);
    }

    public List<Received> on(String topic) {
        return received.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    public List<Received> matching(Predicate<Received> p) {
        return received.stream().filter(p).toList();
    }

    public MqttClient client() {
        return client;
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(1000);
        }
        client.close(true);
    }
}
