package limber.routine;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Stretches and routines, cross-checked at construction so a routine never names a missing stretch. */
public final class Catalog {
    private final Map<String, Stretch> stretches = new LinkedHashMap<>();
    private final Map<String, Routine> routines = new LinkedHashMap<>();

    public Catalog(List<Stretch> stretches, List<Routine> routines) {
        for (Stretch s : stretches) {
            if (this.stretches.putIfAbsent(s.id(), s) != null) {
                throw new IllegalArgumentException("duplicate stretch id '" + s.id() + "'");
            }
        }
        for (Routine r : routines) {
            if (r.steps().isEmpty()) {
                throw new IllegalArgumentException("routine '" + r.id() + "' has no steps");
            }
            for (String step : r.steps()) {
                if (!this.stretches.containsKey(step)) {
                    throw new IllegalArgumentException("routine '" + r.id() + "' names unknown stretch '" + step + "'");
                }
            }
            if (this.routines.putIfAbsent(r.id(), r) != null) {
                throw new IllegalArgumentException("duplicate routine id '" + r.id() + "'");
            }
        }
    }

    public Optional<Routine> routine(String id) {
        return Optional.ofNullable(routines.get(id));
    }

    public Stretch stretch(String id) {
        Stretch s = stretches.get(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown stretch '" + id + "'");
        }
        return s;
    }

    public Collection<Stretch> stretches() {
        return stretches.values();
    }

    public Collection<Routine> routines() {
        return routines.values();
    }
}
