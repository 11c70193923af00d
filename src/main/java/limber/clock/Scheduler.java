package limber.clock;

/** Runs a task at an absolute engine-clock instant, on the thread that owns the zone. */
public interface Scheduler {
    long at(long instantMillis, Runnable task);

    void cancel(long id);
}
