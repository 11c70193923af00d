package limber.api;

import java.util.HashMap;
import java.util.Map;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import limber.session.EngineClock;

/**
 * A token bucket per trainer for control commands: a steady rate with room for a burst (a trainer
 * tapping skip a few times). Runs on the event loop only, so a plain map suffices.
 */
public final class CommandRateLimit implements Handler<RoutingContext> {
    private final EngineClock clock;
    private final double perSecond;
    private final int burst;
    private final Map<String, double[]> buckets = new HashMap<>();

    public CommandRateLimit(EngineClock clock, int perSecond, int burst) {
        this.clock = clock;
        this.perSecond = perSecond;
        this.burst = burst;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String who = ctx.get(TrainerAuthHandler.TRAINER, "anonymous");
        long now = clock.nowMillis();
        double[] b = buckets.computeIfAbsent(who, k -> new double[] {burst, now});
        b[0] = Math.min(burst, b[0] + (now - b[1]) / 1000.0 * perSecond);
        b[1] = now;
        if (b[0] < 1) {
            long retry = (long) Math.ceil((1 - b[0]) / perSecond);
            ctx.response().putHeader("retry-after", Long.toString(Math.max(1, retry)));
            ApiError.send(ctx, 429, "too_many_commands", "slow down: at most " + (int) perSecond
                    + " commands per second (bursts of " + burst + ")");
            return;
        }
        b[0] -= 1;
        ctx.next();
    }
}
