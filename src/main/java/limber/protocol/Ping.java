package limber.protocol;

/**
 * A clock-sync ping: the device's send time, and optionally what its sync currently believes (offset
 * to the engine clock and round trip, ms), so the tablet can show each device's clock health.
 */
public record Ping(long t0, Double offsetMs, Double rttMs) {
}
