package limber.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.UsernamePasswordCredentials;

import limber.security.PasswordHash;
import limber.security.SecretHash;
import limber.security.TrainerDirectory;

/**
 * Checks trainer logins against PBKDF2 hashes in the live {@link TrainerDirectory}. The slow hash runs
 * on a worker thread; a login that succeeded once is remembered by a SHA-256 of name, stored hash and
 * password, so the tablet's per-request Basic header does not cost a PBKDF2 each time, and a new
 * password or a disabled trainer takes effect on the next request.
 */
public final class TrainerLogins implements AuthenticationProvider {
    private final Vertx vertx;
    private final TrainerDirectory trainers;
    private final Set<String> verified = ConcurrentHashMap.newKeySet();

    public TrainerLogins(Vertx vertx, TrainerDirectory trainers) {
        this.vertx = vertx;
        this.trainers = trainers;
    }

    /** The first-start admin's hash is a fast one (see AdminLogin); every other trainer's is PBKDF2. */
    private static boolean matches(String password, String hash) {
        return SecretHash.isSecretHash(hash) ? SecretHash.matches(password.getBytes(StandardCharsets.UTF_8), hash)
                : PasswordHash.matches(password, hash);
    }

    @Override
    public Future<User> authenticate(Credentials credentials) {
        if (!(credentials instanceof UsernamePasswordCredentials up) || up.getUsername() == null
                || up.getPassword() == null) {
            return Future.failedFuture("a trainer name and password are required");
        }
        String name = up.getUsername();
        TrainerDirectory.Trainer t = trainers.active(name);
        String hash = t == null ? null : t.hash();
        String key = digest(name + "\u0000" + hash + "\u0000" + up.getPassword());
        if (hash != null && verified.contains(key)) {
            return Future.succeededFuture(User.fromName(name));
        }
        return vertx.executeBlocking(() -> hash != null && matches(up.getPassword(), hash))
                .compose(ok -> {
                    if (!ok) {
                        return Future.failedFuture("unknown trainer or wrong password");
                    }
                    if (verified.size() < 10_000) {
                        verified.add(key);
                    }
                    return Future.succeededFuture(User.fromName(name));
                });
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
