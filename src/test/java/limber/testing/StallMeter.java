package limber.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A hiccup meter for timing assertions: a thread that asks to wake every millisecond and records how
 * late it woke. On a loaded 2-core machine the JVMs and browsers under test stall the same way, so
 * a timing bound is checked as {@code bound + allowance}: what the engine adds on top of the
 * machine's own stalls still fails the test.
 */
public final class StallMeter implements AutoCloseable {
    /** Wake-ups later than this count as stalls. */
    private static final long THRESHOLD_NANOS = 5_000_000;

    private record Stall(long atMillis, long lateNanos) {
    }

    private final List<Stall> stalls = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public StallMeter() {
        thread = new Thread(this::run, "test-stall-meter");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long next = System.nanoTime() + 1_000_000;
        while (running) {
            LockSupport.parkNanos(next - System.nanoTime());
            long now = System.nanoTime();
            if (now - next > THRESHOLD_NANOS) {
                synchronized (stalls) {
                    stalls.add(new Stall(System.currentTimeMillis(), now - next));
                }
            }
            next = Math.max(next + 1_000_000, now + 1_000_000);
        }
    }

    /** The longest single stall in the wall-clock window, in ms. */
    public long worstMs(long fromMillis, long toMillis) {
        synchronized (stalls) {
            return stalls.stream().filter(s -> s.atMillis() >= fromMillis && s.atMillis() <= toMillis)
                    .mapToLong(s -> s.lateNanos() / 1_000_000).max().orElse(0);
        }
    }

    /** All stall time in the wall-clock window, in ms: what the machine, not the engine, cost. */
    public long allowanceMs(long fromMillis, long toMillis) {
        synchronized (stalls) {
            return stalls.stream().filter(s -> s.atMillis() >= fromMillis && s.atMillis() <= toMillis)
                    .mapToLong(s -> s.lateNanos() / 1_000_000).sum();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(1_000);
    }
}
