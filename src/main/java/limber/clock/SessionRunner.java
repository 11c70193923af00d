package limber.clock;

import java.util.OptionalLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

import limber.config.LimberConfig;
import limber.config.Safety;
import limber.metrics.EngineMetrics;
import limber.protocol.Attention;
import limber.protocol.Wire;
import limber.routine.Plan;
import limber.session.CommandResult;
import limber.session.Cue;
import limber.session.CueSchedule;
import limber.session.EngineClock;
import limber.session.PhaseView;
import limber.session.Session;
import limber.session.SessionCommands;
import limber.session.Timeline;

/**
 * One zone's timeline: starts sessions and applies trainer commands strictly in order, each written
 * ahead to the session log and applied only once it has it; publishes the retained session message
 * and every cue its advance before its instant, from timers armed on absolute deadlines only.
 */
final class SessionRunner {
    /** What the runner needs from the engine. */
    record Deps(EngineClock clock, Scheduler scheduler, GridTimers cueTimers, SessionCommands commands, CueSchedule cues,
                EngineMetrics metrics, SessionLog log, Safety safety, long cueAdvanceMs) {
    }

    private final LimberConfig.Zone zone;
    private final Deps d;
    private final ZonePublisher out;
    private final long epoch;
    private Supplier<Attention> attention = () -> null;
    private Consumer<Session> onStarted = s -> { };
    private BiConsumer<Session, Cue> onCue = (s, c) -> { };
    private Session session;
    private long revision;
    private long cursor;
    /** Cues planned to go out before this instant fell while no runner had the zone (see {@link #load}). */
    private long ownedSince = Long.MIN_VALUE;
    private long timerId = -1;
    private boolean counted;
    private Future<CommandResult> tail = Future.succeededFuture();

    SessionRunner(LimberConfig.Zone zone, Deps deps, ZonePublisher out, long epoch) {
        this.zone = zone;
        this.d = deps;
        this.out = out;
        this.epoch = epoch;
    }

    /**
     * The stop line to carry in session messages, who hears about a new session, and who hears
     * about every cue as it falls due (published or passed over): the timeline's own record.
     */
    SessionRunner wire(Supplier<Attention> attention, Consumer<Session> onStarted, BiConsumer<Session, Cue> onCue) {
        this.attention = attention;
        this.onStarted = onStarted;
        this.onCue = onCue;
        return this;
    }

    Session session() {
        return session;
    }

    long cursor() {
        return cursor;
    }

    long clockNow() {
        return d.clock().nowMillis();
    }

    PhaseView phaseAt(long t) {
        return Timeline.phaseAt(session, t);
    }

    Future<CommandResult> start(Plan plan) {
        return serially(() -> {
            long now = d.clock().nowMillis();
            emitDue(now);
            if (session != null && Timeline.phaseAt(session, now).isLive()) {
                return Future.succeededFuture(new CommandResult.Rejected(CommandResult.Reason.BUSY,
                        "a session is already running in zone " + zone.id() + "; stop it first"));
            }
            long rev = revision + 1;
            String id = zone.id() + "-" + Long.toString(now, 36) + "-" + rev;
            CommandResult.Applied applied = d.commands().start(id, zone.id(), plan, rev, now);
            return d.log().started(applied.session(), now).map(v -> {
                endCount();
                revision = rev;
                session = applied.session();
                cursor = d.clock().nowMillis();
                counted = true;
                d.metrics().sessionStarted();
                publishSession(cursor);
                onStarted.accept(session);
                arm();
                return applied;
            });
        });
    }

    Future<CommandResult> command(ZoneCommand c, int extendSeconds) {
        return serially(() -> {
            long now = d.clock().nowMillis();
            if (session == null) {
                return Future.succeededFuture(new CommandResult.Rejected(CommandResult.Reason.NOT_RUNNING,
                        "no session in zone " + zone.id()));
            }
            emitDue(now);
            SessionCommands cmd = d.commands();
            CommandResult r = switch (c) {
                case PAUSE -> cmd.pause(session, now);
                case RESUME -> cmd.resume(session, now);
                case SKIP -> cmd.skip(session, now);
                case BACK -> cmd.back(session, now);
                case EXTEND -> cmd.extend(session, now, extendSeconds);
                case STOP -> cmd.stop(session, now);
            };
            if (!(r instanceof CommandResult.Applied a)) {
                return Future.succeededFuture(r);
            }
            return d.log().changed(a.session(), c.name().toLowerCase(), now).map(v -> {
                revision = a.session().revision();
                session = a.session();
                publishSession(d.clock().nowMillis());
                arm();
                return r;
            });
        });
    }

    /**
     * Puts back a session found in the journal, cues published up to {@code handedCursor} (a planned
     * hand-over) or, without one, up to now: cues that fell due while nobody ran the zone are passed
     * over, not replayed.
     */
    void load(Session stored, OptionalLong handedCursor) {
        session = stored;
        revision = stored.revision();
        cursor = handedCursor.orElse(d.clock().nowMillis());
        ownedSince = d.clock().nowMillis();
        // the record of what already happened, as far as the kept anchors tell it
        for (Cue c : d.cues().between(stored, stored.anchors().get(0).at() - 1, cursor)) {
            onCue.accept(stored, c);
        }
    }

    /** After {@link #load}: continue on the original timeline, or pause a running session for the trainer. */
    void resume(boolean continueTimeline) {
        PhaseView v = Timeline.phaseAt(session, d.clock().nowMillis());
        if (v.isLive()) {
            counted = true;
            d.metrics().sessionStarted();
            if (!continueTimeline && v.status() == PhaseView.Status.RUNNING) {
                command(ZoneCommand.PAUSE, 0);
            }
        }
        arm();
    }

    /** Where a hand-over is invisible: the next phase boundary, or now if nothing is running. */
    long nextBoundary(long now) {
        if (session == null) {
            return now;
        }
        PhaseView v = Timeline.phaseAt(session, now);
        return v.status() == PhaseView.Status.RUNNING ? now + v.remainingMs() : now;
    }

    /** The retained message as it stands at {@code now}. */
    ObjectNode sessionMessage(long now) {
        if (session == null) {
            return Wire.idle(zone.id(), zone.name(), revision, now, d.safety(), epoch);
        }
        return Wire.session(session, zone.name(), d.commands().leadMs(), now, d.safety(),
                Timeline.phaseAt(session, now), attention.get(), epoch);
    }

    void publishSession(long now) {
        if (out.open()) {
            out.session(sessionMessage(now));
        }
    }

    void cancelTimer() {
        if (timerId >= 0) {
            d.cueTimers().cancel(timerId);
            timerId = -1;
        }
    }

    private Future<CommandResult> serially(Supplier<Future<CommandResult>> task) {
        // a retired runner (the zone moved to another instance) must not write under a newer ownership
        Future<CommandResult> next = tail.transform(ignored -> out.retired()
                ? Future.failedFuture("zone " + zone.id() + " has moved to another engine instance") : task.get());
        tail = next;
        // a finished chain would keep its task and result for as long as the session idles (80 bytes a zone)
        next.onComplete(done -> {
            if (tail == next) {
                tail = Future.succeededFuture();
            }
        });
        return next;
    }

    private void onTimer() {
        timerId = -1;
        emitDue(d.clock().nowMillis());
        arm();
    }

    /** Publishes every cue whose publish instant has come, then moves the cursor past them. */
    private void emitDue(long now) {
        if (session == null || out.retired()) {
            return;
        }
        // the grid may fire this timer up to earlyMs before the cue's publish instant: it still goes out now
        long horizon = now + d.cueAdvanceMs() + d.cueTimers().earlyMs();
        if (horizon <= cursor) {
            return;
        }
        // unsure whether it still owns the zone (clustered, lease not confirmed): pass the cues over
        boolean speak = out.open();
        for (Cue c : d.cues().between(session, cursor, horizon)) {
            onCue.accept(session, c);
            if (speak) {
                out.cue(Wire.cue(session, c, now, epoch));
                d.metrics().cuePublished(c.kind().wire());
                long due = c.at() - d.cueAdvanceMs();
                // a cue due while the zone was being restored or taken over is late by the gap, not by this loop
                if (due >= ownedSince) {
                    d.metrics().lateness(now - due);
                } else {
                    d.metrics().caughtUp();
                }
            }
            if (c.kind() == Cue.Kind.SESSION_END) {
                endCount();
                d.log().ended(session, c.at(), Wire.lower(Timeline.phaseAt(session, c.at()).status()));
                // the cue went out ahead of the end; refresh the retained status once it has passed
                d.scheduler().at(c.at(), () -> publishSession(d.clock().nowMillis()));
            }
        }
        cursor = horizon;
    }

    private void arm() {
        cancelTimer();
        if (session == null) {
            return;
        }
        OptionalLong next = d.cues().nextAfter(session, cursor);
        if (next.isPresent()) {
            timerId = d.cueTimers().at(next.getAsLong() - d.cueAdvanceMs(), this::onTimer);
        }
    }

    private void endCount() {
        if (counted) {
            counted = false;
            d.metrics().sessionEnded();
        }
    }
}
