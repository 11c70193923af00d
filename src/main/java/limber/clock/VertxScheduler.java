package limber.clock;

import io.vertx.core.Vertx;

import limber.session.EngineClock;

/**
 * Schedules on the Vert.x event loop. Each timer is computed from the absolute instant at the moment
 * it is armed, so errors never accumulate from chained relative delays.
 */
public final class VertxScheduler implements Scheduler {
    private final Vertx vertx;
    private final EngineClock clock;

    public VertxScheduler(Vertx vertx, EngineClock clock) {
        this.vertx = vertx;
        this.clock = clock;
    }

    @Override
    public long at(long instantMillis, Runnable task) {
        long delay = Math.max(1, instantMillis - clock.nowMillis());
        return vertx.setTimer(delay, id -> task.run());
    }

    @Override
    public void cancel(long id) {
        vertx.cancelTimer(id);
    }
}
