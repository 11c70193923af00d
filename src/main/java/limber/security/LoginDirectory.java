package limber.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Every MQTT login the embedded broker accepts right now: devices from config/devices.yaml, devices
 * paired on the tablet, the tablets' short-lived trainer tokens and the engine itself. Read on the
 * broker's network threads and changed by the engine at runtime, so it is a concurrent map; a login
 * past its expiry is gone for every reader at once. Each change tells the listeners the user's name
 * (login caches forget it, connections of a revoked or moved device are closed).
 */
public final class LoginDirectory {
    /** A login; {@code expiresAt} 0 means it does not expire. */
    public record Login(Credential credential, long expiresAt) {
        public String user() {
            return credential.name();
        }
    }

    private final Map<String, Login> logins = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final LongSupplier wallClock;

    public LoginDirectory(LongSupplier wallClock) {
        this.wallClock = wallClock;
    }

    public static LoginDirectory of(List<Credential> credentials) {
        LoginDirectory d = new LoginDirectory(System::currentTimeMillis);
        credentials.forEach(c -> d.put(c, 0));
        return d;
    }

    /** The login named {@code user}, or null when there is none or it has expired. */
    public Login find(String user) {
        if (user == null) {
            return null;
        }
        Login l = logins.get(user);
        return l == null || expired(l) ? null : l;
    }

    public String hashOf(String user) {
        Login l = find(user);
        return l == null ? null : l.credential().hash();
    }

    public void put(Credential c, long expiresAt) {
        logins.put(c.name(), new Login(c, expiresAt));
        changed(c.name());
    }

    public void remove(String user) {
        if (logins.remove(user) != null) {
            changed(user);
        }
    }

    /** Drops expired logins (call now and then; {@link #find} already ignores them). */
    public void sweep() {
        logins.values().removeIf(l -> {
            if (expired(l)) {
                changed(l.user());
                return true;
            }
            return false;
        });
    }

    public Collection<Login> all() {
        return logins.values().stream().filter(l -> !expired(l)).toList();
    }

    /** Hears the name of every login that was added, changed, removed or swept. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    private boolean expired(Login l) {
        return l.expiresAt() > 0 && wallClock.getAsLong() >= l.expiresAt();
    }

    private void changed(String user) {
        listeners.forEach(l -> l.accept(user));
    }
}
