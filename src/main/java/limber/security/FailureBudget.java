package limber.security;

/**
 * A token bucket: {@code burst} at once, then one more every {@code refillEvery} (in the unit of the
 * times passed in). Login checks spend only failures from it; while it is empty the caller refuses
 * instead of checking. Pairing uses it for codes handed out and wrong codes typed.
 */
public final class FailureBudget {
    public record Limits(int burst, long refillEvery) {
    }

    private final Limits limits;
    private double tokens;
    private long updated;

    public FailureBudget(Limits limits, long now) {
        this.limits = limits;
        this.tokens = limits.burst();
        this.updated = now;
    }

    public synchronized boolean available(long now) {
        refill(now);
        return tokens >= 1;
    }

    public synchronized void spend(long now) {
        refill(now);
        tokens = Math.max(0, tokens - 1);
    }

    /** Spends one if there is one. */
    public synchronized boolean take(long now) {
        refill(now);
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Time until the next one (0 if one is there). */
    public synchronized long waitFor(long now) {
        refill(now);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) * limits.refillEvery());
    }

    /** True once nothing has been spent for long enough to refill completely. */
    public synchronized boolean full(long now) {
        refill(now);
        return tokens >= limits.burst();
    }

    private void refill(long now) {
        if (now > updated) {
            tokens = Math.min(limits.burst(), tokens + (double) (now - updated) / limits.refillEvery());
            updated = now;
        }
    }
}
