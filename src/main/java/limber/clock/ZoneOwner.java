package limber.clock;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

import limber.config.LimberConfig;
import limber.protocol.DeviceEvent;
import limber.protocol.Rejection;
import limber.protocol.TrainerWire;
import limber.session.CommandResult;
import limber.session.PhaseView;
import limber.session.Session;

/**
 * The single owner of one zone, composed of three parts that each own one concern: the
 * {@link SessionRunner} (timeline, commands, cues), {@link Participation} (device events, progress)
 * and {@link ZoneSafety} (pain alerts). Every method runs on the owning event loop, so no locking:
 * calls, deadlines and device events are serialised by the loop.
 */
public final class ZoneOwner {
    private final LimberConfig.Zone zone;
    private final long epoch;
    private final ZonePublisher out;
    private final SessionRunner runner;
    private final Participation participation;
    private final ZoneSafety safety;

    public ZoneOwner(LimberConfig.Zone zone, ZoneServices svc) {
        this(zone, svc, 0);
    }

    /**
     * {@code epoch} is this ownership's fencing token (0 on a single engine). It goes into every
     * session and cue message so devices can ignore an old owner that has not noticed yet.
     */
    public ZoneOwner(LimberConfig.Zone zone, ZoneServices svc, long epoch) {
        this.zone = zone;
        this.epoch = epoch;
        this.out = new ZonePublisher(zone.id(), svc.outbox(), svc.mayPublish());
        this.runner = new SessionRunner(zone, new SessionRunner.Deps(svc.clock(), svc.scheduler(), svc.cueTimers(), svc.commands(),
                svc.cues(), svc.metrics(), svc.log(), svc.safety(), svc.cueAdvanceMs()), out, epoch);
        this.participation = new Participation(zone.id(), new Participation.Deps(svc.clock(), svc.scheduler(),
                svc.log(), svc.dedupeCapacity(), svc.progressCoalesceMs()), out);
        this.safety = new ZoneSafety(zone.id(), svc.safety(), svc.clock(), svc.log(), out, runner, svc.pauseOnPain());
        runner.wire(safety::attention, participation::begin, participation::cue);
        participation.onPain(safety::raise);
    }

    /** Runs a call from the trainer API or a device. */
    public Future<ZoneResult> handle(ZoneCall call) {
        return call.runOn(this);
    }

    public String zoneId() {
        return zone.id();
    }

    public long epoch() {
        return epoch;
    }

    /** Up to which instant cues have been published; a successor continues from here. */
    public long cursor() {
        return runner.cursor();
    }

    /** The next phase boundary (now if nothing is running): where a hand-over is invisible. */
    public long nextBoundary(long now) {
        return runner.nextBoundary(now);
    }

    /** This instance no longer owns the zone: stop every timer and never publish again. */
    public void retire() {
        out.retire();
        shutdown();
    }

    public void shutdown() {
        runner.cancelTimer();
    }

    /**
     * Puts back a session found in the journal. Within the grace period ({@code continueTimeline})
     * it continues on its original timeline; after a longer outage a running session is paused and
     * the trainer decides. {@code handedCursor} is where a previous owner stopped publishing cues (a
     * planned hand-over), so no cue is skipped or sent twice. Pain reports the trainer has not
     * acknowledged ({@code ackedAlerts}) are open alerts again.
     */
    public void restore(Session stored, List<DeviceEvent> events, List<String[]> recentKeys, boolean continueTimeline,
                        OptionalLong handedCursor, Set<String> ackedAlerts) {
        participation.restore(stored, events, recentKeys, e -> safety.reopen(e, stored, ackedAlerts));
        runner.load(stored, handedCursor);
        runner.resume(continueTimeline);
    }

    /** Retained state again, e.g. after the MQTT connection came back. */
    public void republish() {
        runner.publishSession(runner.clockNow());
        participation.publishProgress();
    }

    /** Current state for the trainer API: the session message plus what is showing right now. */
    ObjectNode state() {
        long now = runner.clockNow();
        Session s = runner.session();
        PhaseView v = s == null ? null : runner.phaseAt(now);
        return TrainerWire.state(runner.sessionMessage(now), v, s == null ? null : s.plan().step(v.stepIndex()),
                participation.progressMessage(now), participation.participants(), safety.open());
    }

    Future<Optional<Rejection>> onEvent(DeviceEvent e, long receivedAt) {
        if (out.retired()) {
            return Future.failedFuture("zone " + zone.id() + " has moved to another engine instance");
        }
        return participation.onEvent(e, receivedAt);
    }

    /** A start or command as a zone result: applied with the state right after, refused, or not stored. */
    Future<ZoneResult> outcome(Future<CommandResult> command) {
        return command.transform(ar -> {
            if (ar.failed()) {
                return Future.succeededFuture(new ZoneResult.StoreFailed(
                        "the command could not be saved, so it was not applied: " + ar.cause().getMessage()));
            }
            if (ar.result() instanceof CommandResult.Rejected r) {
                return Future.succeededFuture(new ZoneResult.Refused(r.reason(), r.message()));
            }
            CommandResult.Applied a = (CommandResult.Applied) ar.result();
            return Future.succeededFuture(new ZoneResult.Applied(state(), a.effectiveAt()));
        });
    }

    SessionRunner runner() {
        return runner;
    }

    ZoneSafety safety() {
        return safety;
    }

    Session session() {
        return runner.session();
    }

    ZoneProgress progress() {
        return participation.progress();
    }
}
