package limber.session;

import limber.routine.Phase;

/**
 * What a session shows at one instant. {@code phase} is null only while PENDING. {@code durationMs}
 * includes any extension of this phase; {@code remainingMs} is frozen while PAUSED.
 */
public record PhaseView(Status status, int phaseIndex, Phase phase, long elapsedMs, long remainingMs,
                        long durationMs, long extendMs) {

    public enum Status { PENDING, RUNNING, PAUSED, STOPPED, FINISHED }

    public boolean isLive() {
        return status == Status.RUNNING || status == Status.PAUSED || status == Status.PENDING;
    }

    public int stepIndex() {
        return phase == null ? 0 : phase.stepIndex();
    }
}
