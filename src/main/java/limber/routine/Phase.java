package limber.routine;

/**
 * One timed slice of a plan. {@code rep} counts from 1. {@code side} is the side being worked, or
 * for PREPARE, SWITCH and REST the side that comes next, so screens can say "get ready: LEFT";
 * NONE for unsided stretches.
 */
public record Phase(int index, Kind kind, int stepIndex, Side side, int rep, int reps, long durationMs) {

    public enum Kind {
        /** Get into position for a new stretch. */
        PREPARE,
        /** Static hold. */
        HOLD,
        /** Change to the other side between two holds. */
        SWITCH,
        /** Short pause between reps. */
        REST,
        /** Dynamic, flowing movement. */
        FLOW;

        public boolean isWork() {
            return this == HOLD || this == FLOW;
        }
    }

    public enum Side { LEFT, RIGHT, NONE }

    public Phase {
        if (durationMs <= 0) {
            throw new IllegalArgumentException("phase " + index + " needs a positive duration, got " + durationMs);
        }
    }
}
