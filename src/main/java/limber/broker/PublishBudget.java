package limber.broker;

/**
 * A token bucket for one connection's device messages, checked before Moquette queues anything: a
 * flooding client is cut back at the door and cannot delay delivery to everyone else. Confined to
 * the connection's Netty thread.
 */
final class PublishBudget {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    PublishBudget(int perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** True if one more message fits now. */
    boolean take(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
