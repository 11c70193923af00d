package limber.routine;

/** The options a session was compiled with, already validated against the {@link HoldPolicy}. */
public record SessionOptions(int holdSeconds, int reps, boolean lowFlexibility) {
}
