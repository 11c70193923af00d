package limber.broker;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import limber.security.LoginVerifier;
import limber.security.LoginVerifier.Outcome;

/**
 * Login checks that never run PBKDF2 on a network thread: what the verifier can decide from its
 * cache is answered at once; the rest goes to one worker thread per core (at most {@link #MAX_WORKERS})
 * with a bounded queue, and a full queue is a refusal ({@link Outcome#BUSY}), never a wait.
 *
 * <p>One worker per core because a reconnect storm of devices the engine has not yet seen is pure
 * PBKDF2 (about 12 ms each on a 2.6 GHz core): one worker left the second core of a two-core box
 * idle while 500 logins queued for 9 s. The event loop still gets its share, because it sleeps
 * between cues and the kernel runs a waking thread ahead of busy ones.
 */
final class LoginGate implements AutoCloseable {
    static final int QUEUE = 256;
    static final int MAX_WORKERS = 4;
    private static final int WORKERS = Math.min(MAX_WORKERS, Runtime.getRuntime().availableProcessors());

    private final LoginVerifier verifier;
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE), r -> {
                Thread t = new Thread(r, "limber-login-check");
                t.setDaemon(true);
                return t;
            });

    LoginGate(LoginVerifier verifier) {
        this.verifier = verifier;
    }

    /**
     * The outcome if it is known now; otherwise null, and {@code later} gets it on {@code loop}
     * once the worker has checked, which it skips if {@code wanted} is false by then.
     */
    Outcome check(String user, byte[] password, BooleanSupplier wanted, Executor loop, Consumer<Outcome> later) {
        Outcome now = verifier.quick(user, password);
        if (now != null) {
            return now;
        }
        try {
            worker.execute(() -> {
                if (!wanted.getAsBoolean()) {
                    return; // the client gave up waiting (a page waits 6 s): its PBKDF2 would help no one
                }
                Outcome o = verifier.slow(user, password);
                try {
                    loop.execute(() -> later.accept(o));
                } catch (RejectedExecutionException brokerStopping) {
                    // the connection's thread is gone, and the connection with it
                }
            });
            return null;
        } catch (RejectedExecutionException full) {
            return Outcome.BUSY;
        }
    }

    /** The refusal reason for metrics and logs. */
    static String reason(Outcome o) {
        return switch (o) {
            case NO_CREDENTIALS -> "no_credentials";
            case UNKNOWN_USER -> "unknown_user";
            case BUSY -> "check_budget_spent";
            default -> "wrong_password";
        };
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
