package limber.security;

/**
 * A token bucket of failures: {@code burst} at once, then one more every {@code refillNanos}. Only
 * failed checks spend from it; while it is empty the caller refuses instead of checking.
 */
public final class FailureBudget {
    public record Limits(int burst, long refillNanos) {
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

    private void refill(long now) {
        if (now > updated) {
            tokens = Math.min(limits.burst(), tokens + (double) (now - updated) / limits.refillNanos());
            updated = now;
        }
    }
}
