package limber.routine;

import java.util.List;
import java.util.Objects;

/** An ordered list of stretch ids a trainer can start in a zone. */
public record Routine(String id, String name, String description, Timing timing, List<String> steps) {

    /** When in a workout the routine belongs: dynamic moves before, static holds after. */
    public enum Timing { BEFORE, AFTER, ANY }

    public Routine {
        Objects.requireNonNull(id, "id");
        steps = List.copyOf(steps);
    }
}
