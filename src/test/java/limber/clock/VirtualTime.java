package limber.clock;

import java.util.PriorityQueue;

import limber.session.EngineClock;

/** A clock and scheduler that only move when the test says so; tasks run exactly at their instant. */
final class VirtualTime implements EngineClock, Scheduler {
    private record Task(long at, long id, Runnable run) {
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.id, b.id));
    private long now;
    private long nextId;

    VirtualTime(long start) {
        this.now = start;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public long at(long instantMillis, Runnable task) {
        long id = nextId++;
        queue.add(new Task(Math.max(instantMillis, now), id, task));
        return id;
    }

    @Override
    public void cancel(long id) {
        queue.removeIf(t -> t.id == id);
    }

    /** Runs every task due up to {@code t}, each at its own instant, then stops at {@code t}. */
    void advanceTo(long t) {
        while (!queue.isEmpty() && queue.peek().at <= t) {
            Task task = queue.poll();
            now = task.at;
            task.run.run();
        }
        now = t;
    }
}
