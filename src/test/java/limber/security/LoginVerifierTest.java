package limber.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.security.LoginVerifier.Outcome;

/** The login cache and the PBKDF2 failure budgets, on a virtual clock with PBKDF2 calls counted. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoginVerifierTest {
    private static final long SECOND = 1_000_000_000L;
    private static final String GOOD = "good-password-1";

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final AtomicInteger pbkdf2Calls = new AtomicInteger();
    private final String hash = PasswordHash.hash(GOOD);

    private LoginVerifier verifier(FailureBudget.Limits perUser, FailureBudget.Limits global) {
        return new LoginVerifier(List.of(new Credential("watch-1", "watch", "main-floor", hash),
                new Credential("watch-2", "watch", "main-floor", hash), new Credential("watch-3", "watch", "main-floor", hash)),
                perUser, global, now::get, (password, h) -> {
                    pbkdf2Calls.incrementAndGet();
                    return PasswordHash.matches(password, h);
                });
    }

    private LoginVerifier verifier() {
        return verifier(LoginVerifier.PER_USER, LoginVerifier.GLOBAL);
    }

    private static byte[] pw(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aGoodLoginRunsPbkdf2OnceThenComesFromTheCacheInMicroseconds() {
        LoginVerifier v = verifier();
        assertNull(v.quick("watch-1", pw(GOOD)), "not verified yet: only PBKDF2 can tell");
        assertEquals(Outcome.ACCEPTED_VERIFIED, v.slow("watch-1", pw(GOOD)));
        long t0 = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            assertEquals(Outcome.ACCEPTED_CACHED, v.quick("watch-1", pw(GOOD)));
        }
        long perLoginMicros = (System.nanoTime() - t0) / 10_000 / 1_000;
        assertEquals(1, pbkdf2Calls.get());
        assertTrue(perLoginMicros < 100, "a cached login took " + perLoginMicros + " µs (PBKDF2 takes about 16,000)");
    }

    @Test
    void aWrongPasswordForAVerifiedUserIsRefusedWithoutPbkdf2() {
        LoginVerifier v = verifier();
        v.verify("watch-1", pw(GOOD));
        for (int i = 0; i < 100; i++) {
            assertEquals(Outcome.WRONG_PASSWORD, v.verify("watch-1", pw("wrong-" + i)));
        }
        assertEquals(1, pbkdf2Calls.get());
        assertEquals(Outcome.ACCEPTED_CACHED, v.verify("watch-1", pw(GOOD)), "wrong tries leave the good login alone");
    }

    @Test
    void unknownUsersAndMissingPasswordsCostNothing() {
        LoginVerifier v = verifier();
        assertEquals(Outcome.UNKNOWN_USER, v.verify("nobody", pw(GOOD)));
        assertEquals(Outcome.NO_CREDENTIALS, v.verify(null, pw(GOOD)));
        assertEquals(Outcome.NO_CREDENTIALS, v.verify("watch-1", null));
        assertEquals(0, pbkdf2Calls.get());
    }

    @Test
    void oneUsersFailuresSpendItsBudgetThenItRefusesWithoutPbkdf2UntilRefilled() {
        LoginVerifier v = verifier(new FailureBudget.Limits(3, 30 * SECOND), new FailureBudget.Limits(100, SECOND));
        for (int i = 0; i < 3; i++) {
            assertEquals(Outcome.WRONG_PASSWORD, v.verify("watch-1", pw("wrong")));
        }
        assertEquals(Outcome.BUSY, v.verify("watch-1", pw("wrong")));
        assertEquals(Outcome.BUSY, v.verify("watch-1", pw(GOOD)), "even the right password waits for the budget");
        assertEquals(3, pbkdf2Calls.get());
        assertEquals(Outcome.ACCEPTED_VERIFIED, v.verify("watch-2", pw(GOOD)), "other users are not affected");
        now.addAndGet(30 * SECOND);
        assertEquals(Outcome.ACCEPTED_VERIFIED, v.verify("watch-1", pw(GOOD)), "one failure refilled after 30 s");
    }

    @Test
    void failuresAcrossUsersSpendTheGlobalBudget() {
        LoginVerifier v = verifier(new FailureBudget.Limits(5, 30 * SECOND), new FailureBudget.Limits(4, SECOND));
        v.verify("watch-3", pw(GOOD));
        for (int i = 0; i < 4; i++) {
            assertEquals(Outcome.WRONG_PASSWORD, v.verify(i % 2 == 0 ? "watch-1" : "watch-2", pw("wrong")));
        }
        assertEquals(Outcome.BUSY, v.verify("watch-2", pw(GOOD)), "the global budget is spent");
        assertEquals(Outcome.ACCEPTED_CACHED, v.verify("watch-3", pw(GOOD)), "cached logins never need the budget");
        now.addAndGet(SECOND);
        assertEquals(Outcome.ACCEPTED_VERIFIED, v.verify("watch-2", pw(GOOD)));
    }

    @Test
    void invalidateAndClearForgetVerifiedLogins() {
        LoginVerifier v = verifier();
        v.verify("watch-1", pw(GOOD));
        v.verify("watch-2", pw(GOOD));
        v.invalidate("watch-1");
        assertNull(v.quick("watch-1", pw(GOOD)));
        assertEquals(Outcome.ACCEPTED_CACHED, v.quick("watch-2", pw(GOOD)));
        v.clear();
        assertNull(v.quick("watch-2", pw(GOOD)));
    }

    @Test
    void twoWorkersCheckingTheSameUserAtOnceRunPbkdf2OnceAndBothAreAccepted() throws Exception {
        LoginVerifier v = verifier();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                outcomes.add(workers.submit(() -> {
                    go.await();
                    return v.slow("watch-1", pw(GOOD));
                }));
            }
            go.countDown();
            for (Future<Outcome> o : outcomes) {
                assertTrue(o.get(30, TimeUnit.SECONDS).accepted());
            }
            assertEquals(1, pbkdf2Calls.get(), "the user's later checks found the first one's result");
        } finally {
            workers.shutdownNow();
        }
    }
}
