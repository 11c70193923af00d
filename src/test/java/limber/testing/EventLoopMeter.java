package limber.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * A hiccup meter on every event loop of a Vert.x instance: on each loop a 1 ms timer records how
 * much later than due it fired, and how much CPU time the loop spent in between on other work.
 * Whatever holds a loop up (a handler that encodes a large body, a blocking call) delays that timer
 * by as long, as it would delay a cue, and shows as busy time too; a loop that merely waited for a
 * core on a loaded machine is late without having been busy.
 */
public final class EventLoopMeter implements AutoCloseable {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One timer fire more than 1 ms late or after more than 1 ms of other work on its loop. */
    public record Hiccup(long atMillis, long lateNanos, long busyNanos, String loop) {
        @Override
        public String toString() {
            return loop + " at " + atMillis + ": late " + lateNanos / 1e6 + " ms, busy " + busyNanos / 1e6 + " ms";
        }
    }

    private final Vertx vertx;
    private final List<Hiccup> hiccups = new ArrayList<>();
    private final Set<String> loops = ConcurrentHashMap.newKeySet();
    private final String deployment;

    /** Starts a timer on every event loop of {@code vertx} (the default pool size of 2 per core). */
    public EventLoopMeter(Vertx vertx) throws Exception {
        this.vertx = vertx;
        int size = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
        // contexts take event loops round robin: twice as many instances as loops cover each one
        deployment = vertx.deployVerticle(Tick::new, new DeploymentOptions().setInstances(2 * size))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (loops.size() != size) {
            throw new IllegalStateException("timers on " + loops + ", expected " + size + " event loops");
        }
    }

    private final class Tick extends VerticleBase {
        private long last;
        private long lastCpu;

        @Override
        public Future<?> start() {
            loops.add(Thread.currentThread().getName());
            last = System.nanoTime();
            lastCpu = THREADS.getCurrentThreadCpuTime();
            vertx.setPeriodic(1, id -> {
                long now = System.nanoTime();
                long cpu = THREADS.getCurrentThreadCpuTime();
                long late = now - last - 1_000_000;
                long busy = cpu - lastCpu;
                last = now;
                lastCpu = cpu;
                if (late > 1_000_000 || busy > 1_000_000) {
                    synchronized (hiccups) {
                        hiccups.add(new Hiccup(System.currentTimeMillis(), late, busy, Thread.currentThread().getName()));
                    }
                }
            });
            return Future.succeededFuture();
        }
    }

    /** The event loops measured (thread names). */
    public Set<String> loops() {
        return Set.copyOf(loops);
    }

    /** The latest any timer fired in the wall-clock window, in ms. */
    public double worstLateMs(long fromMillis, long toMillis) {
        return worst(fromMillis, toMillis, Hiccup::lateNanos);
    }

    /** The most CPU time any loop spent on other work between two of its timer fires in the window, in ms. */
    public double worstBusyMs(long fromMillis, long toMillis) {
        return worst(fromMillis, toMillis, Hiccup::busyNanos);
    }

    /** The {@code n} latest timer fires in the window, for a report. */
    public List<Hiccup> latest(long fromMillis, long toMillis, int n) {
        return within(fromMillis, toMillis).sorted(Comparator.comparingLong(Hiccup::lateNanos).reversed()).limit(n)
                .toList();
    }

    private double worst(long fromMillis, long toMillis, ToLongFunction<Hiccup> what) {
        return within(fromMillis, toMillis).mapToLong(what).max().orElse(0) / 1e6;
    }

    private Stream<Hiccup> within(long fromMillis, long toMillis) {
        synchronized (hiccups) {
            return hiccups.stream().filter(h -> h.atMillis() >= fromMillis && h.atMillis() <= toMillis).toList().stream();
        }
    }

    @Override
    public void close() throws Exception {
        vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
