package limber.store;

/**
 * A device row: one paired on the tablet, or a runtime change to one from config/devices.yaml
 * ({@code secretHash} null: the config's credential stays). {@code revokedAt} 0: not revoked.
 */
public record StoredDevice(String id, String role, String zone, String name, String secretHash, long createdAt,
                           long changedAt, long revokedAt) {
    public boolean revoked() {
        return revokedAt > 0;
    }
}
