package limber.fleet;

/**
 * One device as the tablet lists it. {@code source}: "paired" on the tablet or "config" (devices.yaml).
 * A revoked device stays listed (never online again), so an admin sees what was removed.
 */
public record DeviceView(String id, String role, String zone, String name, String source, boolean online, Long lastSeen,
                         Double clockOffsetMs, Double rttMs, boolean revoked) {
}
