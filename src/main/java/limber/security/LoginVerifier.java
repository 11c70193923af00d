package limber.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks MQTT logins against the PBKDF2 hashes of config/devices.yaml without letting them cost
 * much. After a login's first successful PBKDF2 check, its secret is remembered as an HMAC under a
 * random per-process key (never written anywhere), so the next login costs microseconds and a
 * wrong password for that user is refused just as cheaply (constant-time compare). A PBKDF2 check
 * that fails spends from a per-user and a global {@link FailureBudget}; while either is empty, a
 * login that would need PBKDF2 is refused as {@link Outcome#BUSY} at once, never queued. Unknown
 * users cost nothing.
 *
 * <p>{@link #quick} never runs PBKDF2 and is safe on a network thread; {@link #slow} may (about
 * 16 ms) and belongs on a worker. A cache entry is bound to the hash it was verified against, and
 * {@link #invalidate} / {@link #clear} drop entries when credentials change.
 */
public final class LoginVerifier {
    /** Failed PBKDF2 checks one user may cause: 5 at once, then one per 30 s. */
    public static final FailureBudget.Limits PER_USER = new FailureBudget.Limits(5, 30_000_000_000L);
    /** Failed PBKDF2 checks all users together may cause: 20 at once, then one per 500 ms. */
    public static final FailureBudget.Limits GLOBAL = new FailureBudget.Limits(20, 500_000_000L);

    public enum Outcome {
        ACCEPTED_CACHED, ACCEPTED_VERIFIED, NO_CREDENTIALS, UNKNOWN_USER, WRONG_PASSWORD, BUSY;

        public boolean accepted() {
            return this == ACCEPTED_CACHED || this == ACCEPTED_VERIFIED;
        }
    }

    private record Remembered(String hash, byte[] mac) {
    }

    private final Function<String, String> hashes;
    private final Map<String, Remembered> cache = new ConcurrentHashMap<>();
    private final Map<String, FailureBudget> perUser = new ConcurrentHashMap<>();
    private final FailureBudget.Limits perUserLimits;
    private final FailureBudget global;
    private final LongSupplier nanoClock;
    private final BiPredicate<String, String> pbkdf2;
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public LoginVerifier(List<Credential> logins) {
        this(LoginDirectory.of(logins));
    }

    /** Checks against the live directory and forgets a login's cache entry whenever it changes there. */
    public LoginVerifier(LoginDirectory directory) {
        this(directory::hashOf, PER_USER, GLOBAL, System::nanoTime, PasswordHash::matches);
        directory.onChange(this::invalidate);
    }

    public LoginVerifier(List<Credential> logins, FailureBudget.Limits perUser, FailureBudget.Limits global,
                         LongSupplier nanoClock, BiPredicate<String, String> pbkdf2) {
        this(LoginDirectory.of(logins)::hashOf, perUser, global, nanoClock, pbkdf2);
    }

    /** {@code hashes} finds a user's current hash (null: unknown); {@code pbkdf2} is {@link PasswordHash#matches} outside tests. */
    public LoginVerifier(Function<String, String> hashes, FailureBudget.Limits perUser, FailureBudget.Limits global,
                         LongSupplier nanoClock, BiPredicate<String, String> pbkdf2) {
        this.hashes = hashes;
        this.perUserLimits = perUser;
        this.global = new FailureBudget(global, nanoClock.getAsLong());
        this.nanoClock = nanoClock;
        this.pbkdf2 = pbkdf2;
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        this.key = new SecretKeySpec(k, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** Decides without PBKDF2, or returns null when only a PBKDF2 check ({@link #slow}) can. */
    public Outcome quick(String user, byte[] password) {
        if (user == null || password == null) {
            return Outcome.NO_CREDENTIALS;
        }
        String hash = hashes.apply(user);
        if (hash == null) {
            return Outcome.UNKNOWN_USER;
        }
        if (SecretHash.isSecretHash(hash)) {
            // a generated 256-bit secret: one SHA-256, no cache and no budget needed
            return SecretHash.matches(password, hash) ? Outcome.ACCEPTED_VERIFIED : Outcome.WRONG_PASSWORD;
        }
        Remembered r = cache.get(user);
        if (r == null || !r.hash().equals(hash)) {
            return null;
        }
        return MessageDigest.isEqual(r.mac(), mac(password)) ? Outcome.ACCEPTED_CACHED : Outcome.WRONG_PASSWORD;
    }

    /** The full check, PBKDF2 included when needed and the budget allows; call off network threads. */
    public Outcome slow(String user, byte[] password) {
        Outcome q = quick(user, password);
        if (q != null) {
            return q;
        }
        FailureBudget mine = perUser.computeIfAbsent(user, u -> new FailureBudget(perUserLimits, nanoClock.getAsLong()));
        // Several workers may check at once, but one user's checks take turns: a second login of the
        // same user then finds the first one's result cached, and the user's budget is exact. The
        // global budget may be overspent by one failure per other worker.
        synchronized (mine) {
            Outcome again = quick(user, password);
            if (again != null) {
                return again;
            }
            long now = nanoClock.getAsLong();
            if (!mine.available(now) || !global.available(now)) {
                return Outcome.BUSY;
            }
            String hash = hashes.apply(user);
            if (hash == null) {
                return Outcome.UNKNOWN_USER; // removed while this login waited for a worker
            }
            if (pbkdf2.test(new String(password, StandardCharsets.UTF_8), hash)) {
                cache.put(user, new Remembered(hash, mac(password)));
                return Outcome.ACCEPTED_VERIFIED;
            }
            mine.spend(now);
            global.spend(now);
            return Outcome.WRONG_PASSWORD;
        }
    }

    /** {@link #quick}, falling back to {@link #slow}. */
    public Outcome verify(String user, byte[] password) {
        Outcome q = quick(user, password);
        return q != null ? q : slow(user, password);
    }

    /** Forget what was verified for {@code user}: call when its credential changes. */
    public void invalidate(String user) {
        cache.remove(user);
    }

    /** Forget every verified login, e.g. after reloading the credentials file. */
    public void clear() {
        cache.clear();
    }

    private byte[] mac(byte[] password) {
        return macs.get().doFinal(password);
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
