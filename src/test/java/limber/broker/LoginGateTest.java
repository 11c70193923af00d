package limber.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.security.Credential;
import limber.security.LoginVerifier;
import limber.security.LoginVerifier.Outcome;
import limber.security.PasswordHash;

/** The login gate's worker skips a check whose client is gone by the time its turn comes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoginGateTest {
    private final Map<String, Integer> pbkdf2Calls = new ConcurrentHashMap<>();

    @Test
    void aCheckWhoseClientLeftIsSkippedAndAWantedOneRuns() {
        LoginVerifier verifier = new LoginVerifier(List.of(
                new Credential("watch-1", "watch", "main-floor", PasswordHash.hash("password-of-1")),
                new Credential("watch-2", "watch", "main-floor", PasswordHash.hash("password-of-2"))),
                LoginVerifier.PER_USER, LoginVerifier.GLOBAL, System::nanoTime, (password, hash) -> {
                    pbkdf2Calls.merge(password, 1, Integer::sum);
                    return PasswordHash.matches(password, hash);
                });
        try (LoginGate gate = new LoginGate(verifier)) {
            AtomicBoolean asked = new AtomicBoolean();
            AtomicReference<Outcome> gone = new AtomicReference<>();
            AtomicReference<Outcome> wanted = new AtomicReference<>();
            assertNull(gate.check("watch-1", "password-of-1".getBytes(), () -> {
                asked.set(true);
                return false;
            }, Runnable::run, gone::set));
            assertNull(gate.check("watch-2", "password-of-2".getBytes(), () -> true, Runnable::run, wanted::set));
            await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() && wanted.get() != null);
            assertEquals(Outcome.ACCEPTED_VERIFIED, wanted.get());
            assertNull(gone.get(), "no answer for a client that left");
            assertNull(pbkdf2Calls.get("password-of-1"), "no PBKDF2 for a client that left");
            assertEquals(1, pbkdf2Calls.get("password-of-2"));
        }
    }
}
