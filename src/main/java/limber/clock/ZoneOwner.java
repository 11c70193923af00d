package limber.clock;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Future;
import limber.config.LimberConfig;
import limber.devices.EventIdWindow;
import limber.devices.ZoneProgress;
import limber.protocol.DeviceEvent;
import limber.protocol.Rejection;
import limber.protocol.Topics;
import limber.protocol.Wire;
import limber.routine.Plan;
import limber.session.CommandResult;
import limber.session.Cue;
import limber.session.PhaseView;
import limber.session.Session;
import limber.session.Timeline;

/**
 * The single owner of one zone's session. Every method runs on the owning event loop, so no
 * locking: commands, deadlines and device events are serialised by the loop. Deadlines are always
 * re-derived from the session's absolute instants. Changes are written ahead to the session log
 * and applied only once it has them.
 */
public final class ZoneOwner {
    private static final int MAX_PARTICIPANTS = 2000;

    private final LimberConfig.Zone zone;
    private final ZoneServices svc;
    private final long epoch;
    private boolean retired;
    private final EventIdWindow seenEvents;
    private final Set<String> participants = new LinkedHashSet<>();
    private final PainAlerts alerts;
    private Session session;
    private ZoneProgress progress;
    private long revision;
    private long cursor;
    private long timerId = -1;
    private Future<CommandResult> tail = Future.succeededFuture();
    /** Events being written: a repeat gets the first copy's outcome, never an early "duplicate". */
    private final java.util.Map<String, Future<Optional<Rejection>>> inFlight = new java.util.HashMap<>();
    private boolean counted;
    private boolean progressPending;

    public ZoneOwner(LimberConfig.Zone zone, ZoneServices svc) {
        this(zone, svc, 0);
    }

    /**
     * {@code epoch} is this ownership's fencing token (0 on a single engine). It goes into every
     * session and cue message so devices can ignore an old owner that has not noticed yet.
     */
    public ZoneOwner(LimberConfig.Zone zone, ZoneServices svc, long epoch) {
        this.zone = zone;
        this.svc = svc;
        this.epoch = epoch;
        this.alerts = new PainAlerts(zone.id(), svc.safety());
        this.seenEvents = new EventIdWindow(svc.dedupeCapacity());
    }

    public String zoneId() {
        return zone.id();
    }

    public long epoch() {
        return epoch;
    }

    /** Up to which instant cues have been published; a successor continues from here. */
    public long cursor() {
        return cursor;
    }

    /** The next phase boundary (now if nothing is running): where a hand-over is invisible. */
    public long nextBoundary(long now) {
        if (session == null) {
            return now;
        }
        PhaseView v = Timeline.phaseAt(session, now);
        return v.status() == PhaseView.Status.RUNNING ? now + v.remainingMs() : now;
    }

    /** This instance no longer owns the zone: stop every timer and never publish again. */
    public void retire() {
        retired = true;
        shutdown();
    }

    public Session session() {
        return session;
    }

    public ZoneProgress progress() {
        return progress;
    }

    /** Starts a session once the journal has it; commands of one zone are applied strictly in order. */
    public Future<CommandResult> start(Plan plan) {
        return serially(() -> {
            long now = svc.clock().nowMillis();
            emitDue(now);
            if (session != null && Timeline.phaseAt(session, now).isLive()) {
                return Future.succeededFuture(new CommandResult.Rejected(CommandResult.Reason.BUSY,
                        "a session is already running in zone " + zone.id() + "; stop it first"));
            }
            long rev = revision + 1;
            String id = zone.id() + "-" + Long.toString(now, 36) + "-" + rev;
            CommandResult.Applied applied = svc.commands().start(id, zone.id(), plan, rev, now);
            return svc.log().started(applied.session(), now).map(v -> {
                endCount();
                revision = rev;
                session = applied.session();
                progress = new ZoneProgress(id, plan.steps().size());
                cursor = svc.clock().nowMillis();
                counted = true;
                svc.metrics().sessionStarted();
                publishSession(cursor);
                publishProgress();
                arm();
                return applied;
            });
        });
    }

    public Future<CommandResult> command(ZoneCommand c, int extendSeconds) {
        return serially(() -> {
            long now = svc.clock().nowMillis();
            if (session == null) {
                return Future.succeededFuture(new CommandResult.Rejected(CommandResult.Reason.NOT_RUNNING,
                        "no session in zone " + zone.id()));
            }
            emitDue(now);
            CommandResult r = switch (c) {
                case PAUSE -> svc.commands().pause(session, now);
                case RESUME -> svc.commands().resume(session, now);
                case SKIP -> svc.commands().skip(session, now);
                case BACK -> svc.commands().back(session, now);
                case EXTEND -> svc.commands().extend(session, now, extendSeconds);
                case STOP -> svc.commands().stop(session, now);
            };
            if (!(r instanceof CommandResult.Applied a)) {
                return Future.succeededFuture(r);
            }
            return svc.log().changed(a.session(), c.name().toLowerCase(), now).map(v -> {
                apply(a.session());
                return r;
            });
        });
    }

    private void apply(Session next) {
        revision = next.revision();
        session = next;
        publishSession(svc.clock().nowMillis());
        arm();
    }

    /**
     * Puts back a session found in the journal. Within the grace period it continues on its
     * original timeline: cues that fell due while the engine was down are passed over, not
     * replayed. After a longer outage a running session is paused and the trainer decides.
     */
    /**
     * {@code handedCursor} is where a previous owner stopped publishing cues (a planned hand-over),
     * so no cue is skipped or sent twice; without it, cues already due are passed over. Pain
     * reports the trainer has not acknowledged ({@code ackedAlerts}) are open alerts again.
     */
    public void restore(Session stored, List<DeviceEvent> events, List<String[]> recentKeys, boolean continueTimeline,
                        OptionalLong handedCursor, Set<String> ackedAlerts) {
        long now = svc.clock().nowMillis();
        session = stored;
        revision = stored.revision();
        progress = new ZoneProgress(stored.id(), stored.plan().steps().size());
        for (String[] k : recentKeys) {
            seenEvents.firstTime(k[0], k[1]);
        }
        for (DeviceEvent e : events) {
            switch (e.type()) {
                case JOIN -> participants.add(e.deviceId());
                case LEAVE -> participants.remove(e.deviceId());
                default -> {
                    participants.add(e.deviceId());
                    progress.apply(e);
                    alerts.reopen(e, stored, ackedAlerts, now);
                }
            }
        }
        cursor = handedCursor.orElse(now);
        PhaseView v = Timeline.phaseAt(stored, now);
        if (v.isLive()) {
            counted = true;
            svc.metrics().sessionStarted();
            if (!continueTimeline && v.status() == PhaseView.Status.RUNNING) {
                command(ZoneCommand.PAUSE, 0);
            }
        }
        arm();
    }

    private Future<CommandResult> serially(java.util.function.Supplier<Future<CommandResult>> task) {
        // a retired owner (the zone moved to another instance) must not write under a newer ownership
        Future<CommandResult> next = tail.transform(ignored -> retired
                ? Future.failedFuture("zone " + zone.id() + " has moved to another engine instance") : task.get());
        tail = next;
        return next;
    }

    /**
     * Validates an event against this zone's state and writes it ahead; the future holds the
     * rejection, or empty once the event is durable and applied.
     */
    public Future<Optional<Rejection>> onEvent(DeviceEvent e, long receivedAt) {
        if (retired) {
            return Future.failedFuture("zone " + zone.id() + " has moved to another engine instance");
        }
        String key = e.deviceId() + "\n" + e.eventId();
        Future<Optional<Rejection>> pending = inFlight.get(key);
        if (pending != null) {
            // stored once the first copy is: only then is it a duplicate; if that write fails, so does this
            return pending.map(first -> Optional.of(Rejection.DUPLICATE));
        }
        Future<Optional<Rejection>> result = accept(e, receivedAt);
        if (!result.isComplete()) {
            inFlight.put(key, result);
            result.onComplete(ar -> inFlight.remove(key));
        }
        return result;
    }

    private Future<Optional<Rejection>> accept(DeviceEvent e, long receivedAt) {
        if (e.type().aboutAStep()) {
            if (session == null || !session.id().equals(e.sessionId())) {
                return Future.succeededFuture(Optional.of(Rejection.UNKNOWN_SESSION));
            }
            if (e.stepIndex() >= session.plan().steps().size()) {
                return Future.succeededFuture(Optional.of(Rejection.UNKNOWN_STEP));
            }
        }
        if (e.type() == DeviceEvent.Type.JOIN && !participants.contains(e.deviceId())
                && participants.size() >= MAX_PARTICIPANTS) {
            return Future.succeededFuture(Optional.of(Rejection.BAD_VALUE));
        }
        if (!seenEvents.firstTime(e.deviceId(), e.eventId())) {
            return Future.succeededFuture(Optional.of(Rejection.DUPLICATE));
        }
        ZoneProgress target = progress;
        return svc.log().event(e, receivedAt).map(fresh -> {
            if (!fresh) {
                return Optional.of(Rejection.DUPLICATE);
            }
            switch (e.type()) {
                case JOIN -> participants.add(e.deviceId());
                case LEAVE -> participants.remove(e.deviceId());
                default -> {
                    participants.add(e.deviceId());
                    if (target == progress) {
                        progress.apply(e);
                    }
                    if (e.type() == DeviceEvent.Type.PAIN) {
                        raisePainAlert(e);
                    }
                }
            }
            scheduleProgress();
            return Optional.<Rejection>empty();
        }).recover(err -> {
            seenEvents.forget(e.deviceId(), e.eventId());
            return Future.failedFuture(err);
        });
    }

    /** Retained state again, e.g. after the MQTT connection came back. */
    public void republish() {
        long now = svc.clock().nowMillis();
        publishSession(now);
        if (progress != null) {
            publishProgress();
        }
    }

    /** Current state for the trainer API: the session message plus what is showing right now. */
    public ObjectNode state() {
        long now = svc.clock().nowMillis();
        ObjectNode n = sessionMessage(now);
        if (session != null) {
            PhaseView v = Timeline.phaseAt(session, now);
            ObjectNode cur = n.putObject("now");
            cur.put("status", Wire.lower(v.status()));
            cur.put("phaseIndex", v.phaseIndex());
            cur.put("stepIndex", v.stepIndex());
            cur.put("kind", Wire.lower(v.phase().kind()));
            cur.put("side", Wire.lower(v.phase().side()));
            cur.put("rep", v.phase().rep());
            cur.put("remainingMs", v.remainingMs());
            cur.put("stretch", session.plan().step(v.stepIndex()).name());
            n.set("progress", progress.toJson(zone.id(), participants.size(), now));
        }
        n.put("participants", participants.size());
        n.putArray("alerts").addAll(alerts.list());
        return n;
    }

    public void shutdown() {
        if (timerId >= 0) {
            svc.scheduler().cancel(timerId);
            timerId = -1;
        }
    }

    private void onTimer() {
        timerId = -1;
        emitDue(svc.clock().nowMillis());
        arm();
    }

    /** Publishes every cue whose publish instant has come, then moves the cursor past them. */
    private void emitDue(long now) {
        if (session == null || retired) {
            return;
        }
        long horizon = now + svc.cueAdvanceMs();
        if (horizon <= cursor) {
            return;
        }
        // unsure whether it still owns the zone (clustered, lease not confirmed): pass the cues over
        boolean speak = svc.mayPublish().getAsBoolean();
        for (Cue c : svc.cues().between(session, cursor, horizon)) {
            if (speak) {
                svc.outbox().publish(Topics.cue(zone.id()), Wire.bytes(Wire.cue(session, c, now).put("epoch", epoch)), 1,
                        false);
                svc.metrics().cuePublished(c.kind().wire());
                svc.metrics().lateness(now - (c.at() - svc.cueAdvanceMs()));
            }
            if (c.kind() == Cue.Kind.SESSION_END) {
                endCount();
                svc.log().ended(session, c.at(), Wire.lower(Timeline.phaseAt(session, c.at()).status()));
                // the cue went out ahead of the end; refresh the retained status once it has passed
                svc.scheduler().at(c.at(), () -> publishSession(svc.clock().nowMillis()));
            }
        }
        cursor = horizon;
    }

    private void arm() {
        if (timerId >= 0) {
            svc.scheduler().cancel(timerId);
            timerId = -1;
        }
        if (session == null) {
            return;
        }
        OptionalLong next = svc.cues().nextAfter(session, cursor);
        if (next.isPresent()) {
            timerId = svc.scheduler().at(next.getAsLong() - svc.cueAdvanceMs(), this::onTimer);
        }
    }

    private void endCount() {
        if (counted) {
            counted = false;
            svc.metrics().sessionEnded();
        }
    }

    private ObjectNode sessionMessage(long now) {
        if (session == null) {
            return Wire.idle(zone.id(), zone.name(), revision, now, svc.safety()).put("epoch", epoch);
        }
        ObjectNode n = Wire.session(session, zone.name(), svc.commands().leadMs(), now, svc.safety(),
                Timeline.phaseAt(session, now));
        alerts.addAttention(n);
        n.put("epoch", epoch);
        return n;
    }

    private void publishSession(long now) {
        if (retired || !svc.mayPublish().getAsBoolean()) {
            return;
        }
        svc.outbox().publish(Topics.session(zone.id()), Wire.bytes(sessionMessage(now)), 1, true);
    }

    private void scheduleProgress() {
        if (progressPending || progress == null) {
            return;
        }
        progressPending = true;
        svc.scheduler().at(svc.clock().nowMillis() + svc.progressCoalesceMs(), () -> {
            progressPending = false;
            publishProgress();
        });
    }

    private void publishProgress() {
        if (retired || !svc.mayPublish().getAsBoolean()) {
            return;
        }
        long now = svc.clock().nowMillis();
        svc.outbox().publish(Topics.progress(zone.id()),
                Wire.bytes(progress.toJson(zone.id(), participants.size(), now)), 1, true);
    }

    /**
     * Safety first: the trainer gets an alert that stays open until acknowledged, every screen in
     * the zone shows a calm stop line, and (by default) the session pauses.
     */
    private void raisePainAlert(DeviceEvent e) {
        long now = svc.clock().nowMillis();
        ObjectNode n = alerts.open(e, session, now);
        svc.outbox().publish(Topics.alerts(zone.id()), Wire.bytes(n), 1, false);
        PhaseView.Status status = Timeline.phaseAt(session, now).status();
        boolean running = status == PhaseView.Status.RUNNING || status == PhaseView.Status.PENDING;
        if (svc.pauseOnPain() && running) {
            command(ZoneCommand.PAUSE, 0); // publishes the session (with the attention block) once stored
        } else {
            publishSession(now);
        }
    }

    /** Open pain alerts, oldest first. */
    public List<ObjectNode> openAlerts() {
        return alerts.list();
    }

    /** The trainer has seen the alert; when none is left open the screens drop the stop line. */
    public Future<Boolean> acknowledgeAlert(String eventId) {
        if (!alerts.isOpen(eventId)) {
            return Future.succeededFuture(false);
        }
        // journaled first: an acknowledged alert must not come back after a restart or a takeover
        return svc.log().alertAcknowledged(session, eventId, svc.clock().nowMillis()).map(v -> {
            if (alerts.close(eventId)) {
                publishSession(svc.clock().nowMillis());
            }
            return true;
        });
    }
}
