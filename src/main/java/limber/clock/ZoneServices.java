package limber.clock;

import limber.config.Safety;
import limber.metrics.EngineMetrics;
import limber.protocol.Outbox;
import limber.session.CueSchedule;
import limber.session.EngineClock;
import limber.session.SessionCommands;

/**
 * What every zone owner shares. {@code cueAdvanceMs} publishes each cue that long before its
 * instant (kept below the command lead so no later command can invalidate a cue already sent),
 * letting watches buzz exactly on the transition rather than one network hop after it.
 */
public record ZoneServices(EngineClock clock, Scheduler scheduler, Outbox outbox, SessionCommands commands,
                           CueSchedule cues, EngineMetrics metrics, Safety safety, int dedupeCapacity,
                           long cueAdvanceMs, long progressCoalesceMs) {

    public static long cueAdvanceFor(long leadMs) {
        return Math.max(0, leadMs - 1);
    }
}
