package limber.clock;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

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
 * re-derived from the session's absolute instants.
 */
public final class ZoneOwner {
    private static final int MAX_PARTICIPANTS = 2000;

    private final LimberConfig.Zone zone;
    private final ZoneServices svc;
    private final EventIdWindow seenEvents;
    private final Set<String> participants = new LinkedHashSet<>();
    private Session session;
    private ZoneProgress progress;
    private long revision;
    private long cursor;
    private long timerId = -1;
    private boolean counted;
    private boolean progressPending;

    public ZoneOwner(LimberConfig.Zone zone, ZoneServices svc) {
        this.zone = zone;
        this.svc = svc;
        this.seenEvents = new EventIdWindow(svc.dedupeCapacity());
    }

    public String zoneId() {
        return zone.id();
    }

    public Session session() {
        return session;
    }

    public ZoneProgress progress() {
        return progress;
    }

    public CommandResult start(Plan plan) {
        long now = svc.clock().nowMillis();
        emitDue(now);
        if (session != null && Timeline.phaseAt(session, now).isLive()) {
            return new CommandResult.Rejected(CommandResult.Reason.BUSY,
                    "a session is already running in zone " + zone.id() + "; stop it first");
        }
        endCount();
        revision++;
        String id = zone.id() + "-" + Long.toString(now, 36) + "-" + revision;
        CommandResult.Applied applied = svc.commands().start(id, zone.id(), plan, revision, now);
        session = applied.session();
        progress = new ZoneProgress(id, plan.steps().size());
        cursor = now;
        counted = true;
        svc.metrics().sessionStarted();
        publishSession(now);
        publishProgress();
        arm();
        return applied;
    }

    public CommandResult command(ZoneCommand c, int extendSeconds) {
        long now = svc.clock().nowMillis();
        if (session == null) {
            return new CommandResult.Rejected(CommandResult.Reason.NOT_RUNNING, "no session in zone " + zone.id());
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
        if (r instanceof CommandResult.Applied a) {
            revision = a.session().revision();
            session = a.session();
            publishSession(now);
            arm();
        }
        return r;
    }

    /** Validates an event against this zone's state; empty means accepted and applied. */
    public Optional<Rejection> onEvent(DeviceEvent e) {
        if (e.type().aboutAStep()) {
            if (session == null || !session.id().equals(e.sessionId())) {
                return Optional.of(Rejection.UNKNOWN_SESSION);
            }
            if (e.stepIndex() >= session.plan().steps().size()) {
                return Optional.of(Rejection.UNKNOWN_STEP);
            }
        }
        if (e.type() == DeviceEvent.Type.JOIN && !participants.contains(e.deviceId())
                && participants.size() >= MAX_PARTICIPANTS) {
            return Optional.of(Rejection.BAD_VALUE);
        }
        if (!seenEvents.firstTime(e.deviceId(), e.eventId())) {
            return Optional.of(Rejection.DUPLICATE);
        }
        switch (e.type()) {
            case JOIN -> participants.add(e.deviceId());
            case LEAVE -> participants.remove(e.deviceId());
            default -> {
                participants.add(e.deviceId());
                progress.apply(e);
                if (e.type() == DeviceEvent.Type.PAIN) {
                    publishPainAlert(e);
                }
            }
        }
        scheduleProgress();
        return Optional.empty();
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
        if (session == null) {
            return;
        }
        long horizon = now + svc.cueAdvanceMs();
        if (horizon <= cursor) {
            return;
        }
        for (Cue c : svc.cues().between(session, cursor, horizon)) {
            svc.outbox().publish(Topics.cue(zone.id()), Wire.bytes(Wire.cue(session, c, now)), 1, false);
            svc.metrics().cuePublished(c.kind().wire());
            svc.metrics().lateness(now - (c.at() - svc.cueAdvanceMs()));
            if (c.kind() == Cue.Kind.SESSION_END) {
                endCount();
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
            return Wire.idle(zone.id(), zone.name(), revision, now, svc.safety());
        }
        return Wire.session(session, zone.name(), svc.commands().leadMs(), now, svc.safety(), Timeline.phaseAt(session, now));
    }

    private void publishSession(long now) {
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
        long now = svc.clock().nowMillis();
        svc.outbox().publish(Topics.progress(zone.id()),
                Wire.bytes(progress.toJson(zone.id(), participants.size(), now)), 1, true);
    }

    private void publishPainAlert(DeviceEvent e) {
        long now = svc.clock().nowMillis();
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("zone", zone.id());
        n.put("kind", "pain");
        n.put("deviceId", e.deviceId());
        n.put("eventId", e.eventId());
        n.put("sessionId", e.sessionId());
        n.put("stepIndex", e.stepIndex());
        n.put("stretch", session.plan().step(e.stepIndex()).name());
        n.put("at", e.at() > 0 ? e.at() : now);
        n.put("serverTime", now);
        n.put("message", svc.safety().painAlertLine());
        svc.outbox().publish(Topics.alerts(zone.id()), Wire.bytes(n), 1, false);
    }
}
