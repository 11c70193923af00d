package limber.fleet;

/**
 * A device's connection as the engine knows it: online per the broker, when it was last heard, and the
 * clock offset and round trip its own sync last reported (null when unknown).
 */
public record LinkState(boolean online, Long lastSeen, Double clockOffsetMs, Double rttMs) {
    public static final LinkState UNKNOWN = new LinkState(false, null, null, null);
}
