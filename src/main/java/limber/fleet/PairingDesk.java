package limber.fleet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import limber.security.FailureBudget;

/**
 * Devices waiting to be paired, each behind one open HTTP request, and the limits that keep codes
 * from being guessed or handed out in bulk. Single-threaded (the engine's event loop).
 *
 * <p>Limits: a source (IP address) gets 5 codes at once, then one a minute; the engine holds at
 * most {@link #MAX_WAITING} waiting devices. Only an admin trainer can approve, and approvals with a
 * code nobody is waiting on are limited to 10 at once, then one every 6 s per trainer, and 30 at
 * once, then one every 2 s for all together. With the engine full (500 waiting codes among
 * 887,503,681) a guess hits with probability 1 in 1.8 million; at 10 guesses a minute that is about
 * 123 days on average, by someone who already holds an admin login, and every wrong guess is counted.
 */
public final class PairingDesk {
    public static final long VALID_MS = 10 * 60_000L;
    public static final int MAX_WAITING = 500;

    /** What a waiting device hears once: paired (with its login), or expired. */
    public sealed interface Outcome {
        record Paired(String deviceId, String secret, String role, String zone, String name) implements Outcome {
        }

        record Expired() implements Outcome {
        }
    }

    /** A device waiting behind its code. */
    public record Waiting(String code, String kind, long expiresAt, Consumer<Outcome> listener) {
    }

    /** Why a request for a code or an approval is refused, and when to try again. */
    public static final class Refused extends Exception {
        private final long retryAfterMs;

        Refused(String message, long retryAfterMs) {
            super(message, null, false, false);
            this.retryAfterMs = retryAfterMs;
        }

        public long retryAfterMs() {
            return retryAfterMs;
        }
    }

    private static final FailureBudget.Limits PER_SOURCE = new FailureBudget.Limits(5, 60_000);
    private static final FailureBudget.Limits WRONG_PER_TRAINER = new FailureBudget.Limits(10, 6_000);
    private static final FailureBudget.Limits WRONG_OVERALL = new FailureBudget.Limits(30, 2_000);

    private final Map<String, Waiting> waiting = new HashMap<>();
    private final Map<String, FailureBudget> perSource = new HashMap<>();
    private final Map<String, FailureBudget> wrongPerTrainer = new HashMap<>();
    private FailureBudget wrongOverall;

    /** A new code for a device at {@code source}; {@code listener} hears the outcome exactly once. */
    public Waiting open(String source, String kind, long now, Consumer<Outcome> listener) throws Refused {
        FailureBudget mine = perSource.computeIfAbsent(source, s -> new FailureBudget(PER_SOURCE, now));
        if (waiting.size() >= MAX_WAITING) {
            throw new Refused("too many devices are waiting to be paired; try again in a minute", 60_000);
        }
        if (!mine.take(now)) {
            throw new Refused("this device asked for too many codes; try again shortly", mine.waitFor(now));
        }
        String code;
        do {
            code = PairingCode.next();
        } while (waiting.containsKey(code));
        Waiting w = new Waiting(code, kind, now + VALID_MS, listener);
        waiting.put(code, w);
        return w;
    }

    /**
     * Takes the device waiting on {@code typed} (it is no longer waiting afterwards), or null when no
     * device waits on that code (wrong, expired or used). A wrong code spends from the trainer's and
     * the overall budget; with either empty, every approval is refused for a while.
     */
    public Waiting claim(String trainer, String typed, long now) throws Refused {
        FailureBudget mine = wrongPerTrainer.computeIfAbsent(trainer, t -> new FailureBudget(WRONG_PER_TRAINER, now));
        if (wrongOverall == null) {
            wrongOverall = new FailureBudget(WRONG_OVERALL, now);
        }
        if (!mine.available(now) || !wrongOverall.available(now)) {
            throw new Refused("too many wrong codes; wait a little and check the code on the screen",
                    Math.max(mine.waitFor(now), wrongOverall.waitFor(now)));
        }
        String code = PairingCode.normalise(typed);
        Waiting w = code == null ? null : waiting.get(code);
        if (w != null && w.expiresAt() > now) {
            waiting.remove(code);
            return w;
        }
        mine.spend(now);
        wrongOverall.spend(now);
        return null;
    }

    /** A claimed device whose pairing could not be saved waits again on the same code. */
    public void putBack(Waiting w) {
        waiting.putIfAbsent(w.code(), w);
    }

    /** The device behind {@code code} went away (its request closed): forget it. */
    public void cancel(String code) {
        waiting.remove(code);
    }

    public boolean isWaiting(String code, long now) {
        Waiting w = waiting.get(code);
        return w != null && w.expiresAt() > now;
    }

    /** Tells every device whose code ran out, and forgets it; also forgets idle source budgets. */
    public void expire(long now) {
        List<Waiting> gone = new ArrayList<>();
        for (Iterator<Waiting> it = waiting.values().iterator(); it.hasNext();) {
            Waiting w = it.next();
            if (w.expiresAt() <= now) {
                it.remove();
                gone.add(w);
            }
        }
        gone.forEach(w -> w.listener().accept(new Outcome.Expired()));
        perSource.values().removeIf(b -> b.full(now));
        wrongPerTrainer.values().removeIf(b -> b.full(now));
    }

    public int waitingCount() {
        return waiting.size();
    }
}
