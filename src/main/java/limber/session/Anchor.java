package limber.session;

/**
 * From engine instant {@code at} on, the session is in {@code status} at phase {@code phaseIndex}
 * with {@code phaseElapsedMs} of that phase already behind it; {@code extendMs} lengthens that one
 * phase only. While RUNNING, elapsed time grows with the clock; otherwise it is frozen.
 */
public record Anchor(long at, Status status, int phaseIndex, long phaseElapsedMs, long extendMs) {

    public enum Status { RUNNING, PAUSED, STOPPED, FINISHED }

    public Anchor {
        if (phaseIndex < 0 || phaseElapsedMs < 0 || extendMs < 0) {
            throw new IllegalArgumentException("negative anchor field: " + phaseIndex + "/" + phaseElapsedMs + "/" + extendMs);
        }
    }
}
