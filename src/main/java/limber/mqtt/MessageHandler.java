package limber.mqtt;

/** Receives a message on the engine's event loop; {@code arrivedAt} was read on the MQTT thread. */
@FunctionalInterface
public interface MessageHandler {
    void handle(String topic, byte[] payload, long arrivedAt);
}
