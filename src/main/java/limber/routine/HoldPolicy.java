package limber.routine;

/**
 * Timing rules taken from the source article: about 30 s per static hold works, 20–60 s is the
 * allowed range, 2–4 reps, and a low-flexibility day takes the short end of the range.
 */
public record HoldPolicy(
        int defaultHoldSeconds,
        int minHoldSeconds,
        int maxHoldSeconds,
        int lowFlexibilityHoldSeconds,
        int defaultReps,
        int minReps,
        int maxReps,
        int lowFlexibilityReps,
        int prepareSeconds,
        int switchSeconds,
        int restSeconds,
        int flowSeconds,
        int warnBeforeEndSeconds) {

    public HoldPolicy {
        require(minHoldSeconds > 0 && minHoldSeconds <= maxHoldSeconds, "minHoldSeconds", minHoldSeconds,
                "must be > 0 and <= maxHoldSeconds");
        require(inRange(defaultHoldSeconds, minHoldSeconds, maxHoldSeconds), "defaultHoldSeconds", defaultHoldSeconds,
                "must be within minHoldSeconds..maxHoldSeconds");
        require(inRange(lowFlexibilityHoldSeconds, minHoldSeconds, maxHoldSeconds), "lowFlexibilityHoldSeconds",
                lowFlexibilityHoldSeconds, "must be within minHoldSeconds..maxHoldSeconds");
        require(minReps > 0 && minReps <= maxReps, "minReps", minReps, "must be > 0 and <= maxReps");
        require(inRange(defaultReps, minReps, maxReps), "defaultReps", defaultReps, "must be within minReps..maxReps");
        require(inRange(lowFlexibilityReps, minReps, maxReps), "lowFlexibilityReps", lowFlexibilityReps,
                "must be within minReps..maxReps");
        require(inRange(prepareSeconds, 1, 120), "prepareSeconds", prepareSeconds, "must be 1..120");
        require(inRange(switchSeconds, 1, 60), "switchSeconds", switchSeconds, "must be 1..60");
        require(inRange(restSeconds, 1, 120), "restSeconds", restSeconds, "must be 1..120");
        require(inRange(flowSeconds, 5, 300), "flowSeconds", flowSeconds, "must be 5..300");
        require(warnBeforeEndSeconds >= 0 && warnBeforeEndSeconds < minHoldSeconds, "warnBeforeEndSeconds",
                warnBeforeEndSeconds, "must be >= 0 and shorter than minHoldSeconds");
    }

    /** Article defaults: 30 s holds, 2 reps, short end (20 s) on a low-flexibility day. */
    public static HoldPolicy articleDefaults() {
        return new HoldPolicy(30, 20, 60, 20, 2, 2, 4, 2, 8, 5, 10, 40, 5);
    }

    /** Resolves a trainer's optional choices against this policy; rejects values out of range. */
    public SessionOptions resolve(Integer holdSeconds, Integer reps, boolean lowFlexibility) {
        int hold = holdSeconds != null ? holdSeconds : (lowFlexibility ? lowFlexibilityHoldSeconds : defaultHoldSeconds);
        int r = reps != null ? reps : (lowFlexibility ? lowFlexibilityReps : defaultReps);
        if (!inRange(hold, minHoldSeconds, maxHoldSeconds)) {
            throw new InvalidOptionException("holdSeconds", hold,
                    "must be between " + minHoldSeconds + " and " + maxHoldSeconds);
        }
        if (lowFlexibility && hold > lowFlexibilityHoldSeconds) {
            throw new InvalidOptionException("holdSeconds", hold,
                    "a low-flexibility day uses at most " + lowFlexibilityHoldSeconds + " s holds");
        }
        if (!inRange(r, minReps, maxReps)) {
            throw new InvalidOptionException("reps", r, "must be between " + minReps + " and " + maxReps);
        }
        return new SessionOptions(hold, r, lowFlexibility);
    }

    private static boolean inRange(int v, int lo, int hi) {
        return v >= lo && v <= hi;
    }

    private static void require(boolean ok, String field, int value, String rule) {
        if (!ok) {
            throw new InvalidOptionException(field, value, rule);
        }
    }
}
