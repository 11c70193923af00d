package limber.mqtt;

/** How the engine's client connects. {@code username} empty means no credentials. */
public record MqttSettings(String url, String clientId, String username, String password, int maxInflight,
                           int keepAliveSeconds, boolean persistentSession) {
}
