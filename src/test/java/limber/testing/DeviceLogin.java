package limber.testing;

/**
 * A device's own broker login, made by the test admin through {@code POST /api/devices}: the MQTT
 * user name is the device id, the password its secret (what a page gets as {@code ?device=…&key=…}).
 */
public record DeviceLogin(String id, String secret, String role, String zone) {
    public String username() {
        return id;
    }

    public String password() {
        return secret;
    }
}
