package limber.routine;

import java.util.List;
import java.util.Objects;

/** One stretch of the catalog, with the short on-screen text a participant reads from across the room. */
public record Stretch(
        String id,
        String name,
        String why,
        List<String> how,
        List<String> targets,
        Style style,
        boolean sided,
        boolean beginner,
        String fallback) {

    public enum Style { STATIC, DYNAMIC }

    public Stretch {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(style, "style");
        how = List.copyOf(how);
        targets = List.copyOf(targets);
    }
}
