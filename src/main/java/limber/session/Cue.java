package limber.session;

import limber.routine.Phase;

/** A moment devices react to (watches vibrate); {@code at} is the engine-clock instant it describes. */
public record Cue(Kind kind, long at, int phaseIndex, int stepIndex, Phase.Side side, int rep) {

    public enum Kind {
        STEP_START, HOLD_START, WARN, HOLD_END, SWITCH_SIDE, REST_START, SESSION_END;

        /** Wire name, e.g. {@code hold_start}. */
        public String wire() {
            return name().toLowerCase();
        }
    }
}
