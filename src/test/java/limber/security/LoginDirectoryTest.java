package limber.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * The live logins: a generated secret is checked by one SHA-256, a token stops working the moment it
 * expires, and a revoked, renamed or moved login is forgotten by the cache at once.
 */
class LoginDirectoryTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final LoginDirectory directory = new LoginDirectory(now::get);
    private final LoginVerifier verifier = new LoginVerifier(directory);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTokenWorksUntilItExpires() {
        String token = SecretHash.newSecret();
        directory.put(new Credential("tablet:sam:abc234", "trainer", null, SecretHash.hash(token)), 5_000);
        assertEquals(LoginVerifier.Outcome.ACCEPTED_VERIFIED, verifier.quick("tablet:sam:abc234", b(token)));
        assertEquals(LoginVerifier.Outcome.WRONG_PASSWORD, verifier.quick("tablet:sam:abc234", b("guess")));
        now.set(5_000);
        assertEquals(LoginVerifier.Outcome.UNKNOWN_USER, verifier.quick("tablet:sam:abc234", b(token)));
        List<String> heard = new ArrayList<>();
        directory.onChange(heard::add);
        directory.sweep();
        assertEquals(List.of("tablet:sam:abc234"), heard);
    }

    @Test
    void aRevokedOrChangedPbkdf2LoginIsForgottenByTheCache() {
        String hash = PasswordHash.hash("display-password");
        directory.put(new Credential("wall-1", "display", "main-floor", hash), 0);
        assertEquals(LoginVerifier.Outcome.ACCEPTED_VERIFIED, verifier.verify("wall-1", b("display-password")));
        assertEquals(LoginVerifier.Outcome.ACCEPTED_CACHED, verifier.quick("wall-1", b("display-password")));
        directory.put(new Credential("wall-1", "display", "studio-b", hash), 0); // moved
        assertNull(verifier.quick("wall-1", b("display-password")), "the cache entry is gone: only PBKDF2 decides again");
        directory.remove("wall-1"); // revoked
        assertEquals(LoginVerifier.Outcome.UNKNOWN_USER, verifier.verify("wall-1", b("display-password")));
    }
}
