package limber.protocol;

/** How many participants reported one step done, skipped or painful, as the progress message carries it. */
public record StepCounts(int stepIndex, int done, int skipped, int pain) {
}
