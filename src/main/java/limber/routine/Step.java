package limber.routine;

import java.util.List;

/** A stretch as it appears in a compiled plan, carrying the text screens show so they need no catalog. */
public record Step(int index, String stretchId, String name, List<String> how, String fallback,
                   boolean sided, Stretch.Style style, int firstPhase, int lastPhase) {

    public Step {
        how = List.copyOf(how);
    }
}
