package limber.tools;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import limber.protocol.Topics;
import limber.protocol.Wire;

/**
 * One simulated watch: its own MQTT connection with a retained status and a last will, and an
 * at-least-once event queue (QoS 1, kept until acknowledged and re-sent after a reconnect).
 */
final class SimulatedWatch {
    final String id;
    private final SimulatorOptions options;
    private final DeliveryCounts counts;
    private final BiConsumer<String, byte[]> onMessage;
    private final MqttAsyncClient client;
    private final Map<String, byte[]> pending = new ConcurrentHashMap<>(); // eventId -> payload
    private final AtomicLong seq = new AtomicLong();

    /** {@code onMessage} gets the zone's session and cue messages if this watch listens for them. */
    SimulatedWatch(String id, SimulatorOptions options, DeliveryCounts counts, BiConsumer<String, byte[]> onMessage)
            throws MqttException {
        this.id = id;
        this.options = options;
        this.counts = counts;
        this.onMessage = onMessage;
        this.client = new MqttAsyncClient(options.url(), "sim-" + UUID.randomUUID().toString().substring(0, 12),
                new MemoryPersistence());
    }

    /** Connects (blocking, bounded) and joins; a {@code listener} also subscribes to the zone. */
    void connect(boolean listener) throws MqttException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // no silent fallback to 3.1 after a refusal
        o.setCleanSession(true);
        o.setAutomaticReconnect(true);
        o.setKeepAliveInterval(20);
        o.setMaxInflight(1000);
        o.setConnectionTimeout(10);
        o.setWill(Topics.deviceStatus(id), status("offline"), 1, true);
        // a broker that requires logins: every simulated watch <prefix>-<n> is a devices.yaml
        // entry sharing this password
        if (options.key() != null) {
            o.setUserName(id);
            o.setPassword(options.key().toCharArray());
        }
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                publish(Topics.deviceStatus(id), status("online"), true, null);
                if (reconnect) {
                    pending.forEach((eventId, payload) -> {
                        counts.resent.incrementAndGet();
                        publish(Topics.deviceEvents(id), payload, false, eventId);
                    });
                }
                if (listener) {
                    subscribe();
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                // automatic reconnect; pending events are re-sent in connectComplete
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                onMessage.accept(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // acknowledgements are handled per publish
            }
        });
        client.connect(o).waitForCompletion(15_000);
        event("join", null, -1);
    }

    private void subscribe() {
        try {
            client.subscribe(new String[] {Topics.session(options.zone()), Topics.cue(options.zone())}, new int[] {1, 1});
        } catch (MqttException e) {
            System.err.println(id + ": cannot subscribe: " + e.getMessage());
        }
    }

    private byte[] status(String state) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("state", state);
        n.put("kind", "watch");
        n.put("zone", options.zone());
        return Wire.bytes(n);
    }

    /** Sends an event with a fresh eventId; it stays pending until the broker acknowledges it. */
    void event(String type, String sessionId, int step) {
        String eventId = Long.toString(System.currentTimeMillis(), 36) + "-"
                + UUID.randomUUID().toString().substring(0, 8) + "-" + seq.incrementAndGet();
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("eventId", eventId);
        n.put("type", type);
        n.put("zone", options.zone());
        if (sessionId != null) {
            n.put("sessionId", sessionId);
            n.put("stepIndex", step);
        }
        byte[] payload = Wire.bytes(n);
        pending.put(eventId, payload);
        if (!type.equals("join")) {
            counts.sent.incrementAndGet();
        }
        publish(Topics.deviceEvents(id), payload, false, eventId);
    }

    private void publish(String topic, byte[] payload, boolean retained, String eventId) {
        if (!client.isConnected()) {
            return; // re-sent from pending after the reconnect
        }
        try {
            client.publish(topic, payload, 1, retained, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    if (eventId != null && pending.remove(eventId) != null && !new String(payload,
                            StandardCharsets.UTF_8).contains("\"type\":\"join\"")) {
                        counts.acked.incrementAndGet();
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    // stays pending
                }
            });
        } catch (MqttException e) {
            // not connected or too many in flight: stays pending, re-sent after the reconnect
        }
    }

    /** Says "offline" (retained) and disconnects. */
    void close() {
        try {
            if (client.isConnected()) {
                client.publish(Topics.deviceStatus(id), status("offline"), 1, true).waitForCompletion(2_000);
                client.disconnect(1_000).waitForCompletion(2_000);
            }
            client.close();
        } catch (MqttException e) {
            // shutting down anyway
        }
    }
}
