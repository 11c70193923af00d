package limber.protocol;

/** Where the engine's messages go: the MQTT client in production. Must not block the caller. */
public interface Outbox {
    void publish(String topic, byte[] payload, int qos, boolean retained);
}
