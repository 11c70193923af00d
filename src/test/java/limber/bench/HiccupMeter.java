package limber.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A control for lateness figures (after jHiccup): a thread in the same JVM that asks to wake every
 * millisecond and records how late it woke. Stalls it sees (GC pauses, safepoints, the OS not
 * scheduling the JVM) delay the engine's timers too; lateness it does not see belongs to the engine.
 */
final class HiccupMeter implements AutoCloseable {
    private final List<Double> late = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    HiccupMeter() {
        thread = new Thread(() -> {
            double next = Bench.trueMs() + 1;
            while (running) {
                Bench.parkUntil(next);
                double now = Bench.trueMs();
                synchronized (late) {
                    late.add(now - next);
                }
                next = Math.max(next + 1, Math.floor(now) + 1);
            }
        }, "bench-hiccup-meter");
        thread.setDaemon(true);
        thread.start();
    }

    Bench.Summary summary() {
        synchronized (late) {
            return Bench.Summary.of(new ArrayList<>(late));
        }
    }

    /** Total ms spent in wake-ups later than {@code thresholdMs}, and how many. */
    double[] stalls(double thresholdMs) {
        double total = 0;
        int n = 0;
        synchronized (late) {
            for (double l : late) {
                if (l > thresholdMs) {
                    total += l;
                    n++;
                }
            }
        }
        return new double[] {n, total};
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(1_000);
    }
}
