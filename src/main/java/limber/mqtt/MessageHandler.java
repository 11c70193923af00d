package limber.mqtt;

/**
 * Receives a message on the engine's event loop; {@code arrivedAt} was read on the MQTT thread, in epoch
 * milliseconds (microseconds for {@link MqttLink#subscribeTimedInMicros} subscriptions).
 * For subscriptions made with manual acknowledgement, {@code ack} must be called once the message
 * is safe (journaled); until then the broker keeps it and redelivers it after a crash.
 */
@FunctionalInterface
public interface MessageHandler {
    void handle(String topic, byte[] payload, long arrivedAt, Runnable ack);
}
