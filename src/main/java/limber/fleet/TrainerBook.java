package limber.fleet;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.vertx.core.Future;

import limber.security.Credential;
import limber.security.PasswordHash;
import limber.security.SecretHash;
import limber.security.TrainerDirectory;
import limber.security.TrainerDirectory.Trainer;
import limber.store.StoredTrainer;

/**
 * Trainer logins an admin manages from the tablet (add, reset a password, disable, grant admin),
 * written to the journal database before they apply, and the tablets' MQTT tokens: a trainer who
 * logs in gets a token for the broker, valid {@link #TOKEN_MS}, gone when the trainer is disabled.
 */
public final class TrainerBook {
    public static final long TOKEN_MS = 8 * 60 * 60_000L;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,40}");

    /** A tablet's broker login, handed out once. */
    public record MqttLogin(String username, String password, long expiresAt) {
    }

    private final FleetDeps deps;
    /** trainers.yaml's hashes: a row keeps a hash only when it differs from the config's. */
    private final Map<String, String> configHashes = new HashMap<>();
    private CredentialSink sink = CredentialSink.NONE;

    public TrainerBook(FleetDeps deps, List<StoredTrainer> stored) {
        this.deps = deps;
        deps.trainers().all().forEach(t -> configHashes.put(t.name(), t.hash()));
        for (StoredTrainer s : stored) {
            Trainer configured = deps.trainers().find(s.name());
            String hash = s.passwordHash() != null ? s.passwordHash() : configured == null ? null : configured.hash();
            if (hash != null) {
                deps.trainers().put(new Trainer(s.name(), hash, s.admin(), s.disabled(),
                        configured == null ? "stored" : configured.source()));
            }
        }
    }

    /** Tells {@code s} about every tablet token issued or revoked from now on (expiry is the sink's to watch). */
    public void sink(CredentialSink s) {
        this.sink = s;
    }

    public List<Trainer> list() {
        return List.copyOf(deps.trainers().all());
    }

    /** A new trainer with a generated password, returned once. */
    public Future<String> add(String name, boolean admin) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new FleetException(400, "bad_name", "a trainer name is 1 to 40 letters, digits, '.', '_' or '-'");
        }
        if (deps.trainers().find(name) != null) {
            throw new FleetException(409, "exists", "there is already a trainer '" + name + "'");
        }
        String password = PasswordHash.randomPassword();
        return save(name, password, admin, false, "stored").map(v -> password);
    }

    public Future<String> resetPassword(String name) {
        Trainer t = known(name);
        String password = PasswordHash.randomPassword();
        return save(name, password, t.admin(), t.disabled(), t.source()).map(v -> password);
    }

    /** Disables or enables, grants or takes the admin right; a disabled trainer's tablets lose the broker. */
    public Future<Trainer> change(String name, Boolean disabled, Boolean admin, String actingAdmin) {
        Trainer t = known(name);
        boolean off = disabled == null ? t.disabled() : disabled;
        boolean adm = admin == null ? t.admin() : admin;
        if (name.equals(actingAdmin) && (off || !adm)) {
            throw new FleetException(409, "self", "you cannot disable yourself or drop your own admin right");
        }
        return save(name, null, adm, off, t.source()).map(v -> {
            if (off) {
                revokeTokens(name);
            }
            return deps.trainers().find(name);
        });
    }

    /** A broker login for a tablet of {@code trainer}, valid {@link #TOKEN_MS}. */
    public MqttLogin mqttLogin(String trainer) {
        String user = "tablet:" + trainer + ":" + PairingCode.next().toLowerCase();
        String token = SecretHash.newSecret();
        long expires = deps.clock().nowMillis() + TOKEN_MS;
        Credential login = new Credential(user, "trainer", null, SecretHash.hash(token));
        deps.logins().put(login, expires);
        sink.created(login, token);
        return new MqttLogin(user, token, expires);
    }

    private void revokeTokens(String trainer) {
        String prefix = "tablet:" + trainer + ":";
        deps.logins().all().stream().map(l -> l.user()).filter(u -> u.startsWith(prefix)).toList().forEach(u -> {
            deps.logins().remove(u);
            deps.disconnect().accept(u);
            sink.removed(u);
        });
    }

    private Trainer known(String name) {
        Trainer t = deps.trainers().find(name);
        if (t == null) {
            throw new FleetException(404, "unknown_trainer", "no trainer '" + name + "'");
        }
        return t;
    }

    /** {@code password} null keeps the current hash. PBKDF2 runs on the journal's worker, not the event loop. */
    private Future<Void> save(String name, String password, boolean admin, boolean disabled, String source) {
        long now = deps.clock().nowMillis();
        Trainer before = deps.trainers().find(name);
        String kept = before == null || before.hash().equals(configHashes.get(name)) ? null : before.hash();
        return deps.journal().run(() -> {
            String hash = password == null ? kept : PasswordHash.hash(password);
            deps.journal().store().putTrainer(new StoredTrainer(name, hash, admin, disabled, now));
            return hash == null ? before.hash() : hash;
        }).map(hash -> {
            deps.trainers().put(new TrainerDirectory.Trainer(name, hash, admin, disabled, source));
            return null;
        });
    }
}
