package limber.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Trainer logins as they stand now: trainers.yaml (or the first-start admin) overlaid with what admins
 * changed on the tablet. Read by the HTTP login check on any thread, changed by the engine.
 */
public final class TrainerDirectory {
    /** {@code source}: "config" for trainers.yaml and the first-start admin, "stored" for ones added on the tablet. */
    public record Trainer(String name, String hash, boolean admin, boolean disabled, String source) {
    }

    private final Map<String, Trainer> trainers = new ConcurrentHashMap<>();

    public TrainerDirectory(List<Trainer> initial) {
        initial.forEach(this::put);
    }

    /** An enabled trainer, or null. */
    public Trainer active(String name) {
        Trainer t = name == null ? null : trainers.get(name);
        return t == null || t.disabled() ? null : t;
    }

    public Trainer find(String name) {
        return name == null ? null : trainers.get(name);
    }

    public boolean isAdmin(String name) {
        Trainer t = active(name);
        return t != null && t.admin();
    }

    public void put(Trainer t) {
        trainers.put(t.name(), t);
    }

    public Collection<Trainer> all() {
        return trainers.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }
}
