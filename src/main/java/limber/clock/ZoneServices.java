package limber.clock;

import java.util.function.BooleanSupplier;

import limber.config.Safety;
import limber.metrics.EngineMetrics;
import limber.protocol.Outbox;
import limber.session.CueSchedule;
import limber.session.EngineClock;
import limber.session.SessionCommands;

/**
 * What every zone owner shares. {@code cueAdvanceMs} publishes each cue that long before its
 * instant, letting watches buzz exactly on the transition rather than one network hop after it.
 * It is half the command lead: the other half covers the journal write between accepting a
 * command and applying it, so no command can invalidate a cue that was already sent.
 * {@code mayPublish} is false while a clustered instance cannot be sure it still owns its zones.
 */
public record ZoneServices(EngineClock clock, Scheduler scheduler, Outbox outbox, SessionCommands commands,
                           CueSchedule cues, EngineMetrics metrics, Safety safety, SessionLog log, int dedupeCapacity,
                           long cueAdvanceMs, long progressCoalesceMs, boolean pauseOnPain,
                           BooleanSupplier mayPublish, GridTimers cueTimers) {

    /** A single engine: it always owns its zones; every cue timer at its own millisecond. */
    public ZoneServices(EngineClock clock, Scheduler scheduler, Outbox outbox, SessionCommands commands,
                        CueSchedule cues, EngineMetrics metrics, Safety safety, SessionLog log, int dedupeCapacity,
                        long cueAdvanceMs, long progressCoalesceMs, boolean pauseOnPain) {
        this(clock, scheduler, outbox, commands, cues, metrics, safety, log, dedupeCapacity, cueAdvanceMs,
                progressCoalesceMs, pauseOnPain, () -> true);
    }

    /** Every cue timer at its own millisecond. */
    public ZoneServices(EngineClock clock, Scheduler scheduler, Outbox outbox, SessionCommands commands,
                        CueSchedule cues, EngineMetrics metrics, Safety safety, SessionLog log, int dedupeCapacity,
                        long cueAdvanceMs, long progressCoalesceMs, boolean pauseOnPain, BooleanSupplier mayPublish) {
        this(clock, scheduler, outbox, commands, cues, metrics, safety, log, dedupeCapacity, cueAdvanceMs,
                progressCoalesceMs, pauseOnPain, mayPublish, new GridTimers(scheduler, GridTimers.EXACT));
    }

    /** The same, with the zones' cue timers on the engine's grid (see {@link GridTimers}). */
    public ZoneServices onEngineGrid() {
        return new ZoneServices(clock, scheduler, outbox, commands, cues, metrics, safety, log, dedupeCapacity,
                cueAdvanceMs, progressCoalesceMs, pauseOnPain, mayPublish,
                new GridTimers(scheduler, GridTimers.ENGINE_GRID_MS));
    }

    public static long cueAdvanceFor(long leadMs) {
        return leadMs / 2;
    }
}
