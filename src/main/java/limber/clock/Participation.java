package limber.clock;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

import limber.protocol.DeviceEvent;
import limber.protocol.Rejection;
import limber.protocol.TrainerWire;
import limber.routine.Phase;
import limber.session.Cue;
import limber.session.EngineClock;
import limber.session.Session;

/**
 * Who takes part in a zone's sessions and what they reported: judges device events by the
 * session's record ({@link Admission}), counts each event id once, writes it ahead and only then
 * applies it to that session's tally; coalesces the retained progress message of the current session.
 * Sessions that ended recently keep their tally, so late honest reports still count where they belong.
 */
final class Participation {
    private static final int MAX_PARTICIPANTS = 2000;
    private static final int MAX_TALLIES = 8;

    /** What participation needs from the engine. */
    record Deps(EngineClock clock, Scheduler scheduler, SessionLog log, int dedupeCapacity, long progressCoalesceMs) {
    }

    private final String zone;
    private final Deps d;
    private final ZonePublisher out;
    private final EventIdWindow seenEvents;
    /** The current session's tally and those of sessions that ended within the late window, oldest first. */
    private final LinkedHashMap<String, SessionTally> tallies = new LinkedHashMap<>(2); // mostly one; 16 slots cost 56 bytes more
    /** Events being written: a repeat gets the first copy's outcome, never an early "duplicate". */
    private final Map<String, Future<Optional<Rejection>>> inFlight = new HashMap<>();
    private Consumer<DeviceEvent> onPain = e -> { };
    private SessionTally current;
    private boolean progressPending;

    Participation(String zone, Deps deps, ZonePublisher out) {
        this.zone = zone;
        this.d = deps;
        this.out = out;
        this.seenEvents = new EventIdWindow(deps.dedupeCapacity());
    }

    /** Who hears about an accepted pain report of the current session, once it is stored. */
    Participation onPain(Consumer<DeviceEvent> handler) {
        this.onPain = handler;
        return this;
    }

    ZoneProgress progress() {
        return current == null ? null : current.progress();
    }

    int participants() {
        return current == null ? 0 : current.participants();
    }

    /** A new session: its own tally from zero, published at once. */
    void begin(Session s) {
        track(new SessionTally(s.id(), s.plan().steps().size(), s.anchors().get(0).at()));
        publishProgress();
    }

    /** The timeline's record as its cues fall due: when each step started and when the session ended. */
    void cue(Session s, Cue c) {
        SessionTally t = tallies.get(s.id());
        if (t == null) {
            return;
        }
        if (c.kind() == Cue.Kind.STEP_START) {
            t.stepStarted(c.stepIndex(), c.at());
        } else if (c.kind() == Cue.Kind.SESSION_END) {
            t.ended(c.at());
        }
    }

    /**
     * After a restart or takeover: the session's journaled events rebuild its tally; {@code recentKeys}
     * (device id, event id) fill the duplicate window. Steps up to the one its oldest kept anchor
     * shows started at some earlier instant the journal no longer holds. Pain reports go to {@code pain}.
     */
    void restore(Session s, List<DeviceEvent> events, List<String[]> recentKeys, Consumer<DeviceEvent> pain) {
        // the journal keeps the latest anchors only: the session began at or before the oldest of them
        SessionTally t = new SessionTally(s.id(), s.plan().steps().size(), Long.MIN_VALUE);
        Phase shown = s.plan().phase(s.anchors().get(0).phaseIndex());
        t.startedBefore(shown.stepIndex());
        track(t);
        for (String[] k : recentKeys) {
            seenEvents.firstTime(k[0], k[1]);
        }
        for (DeviceEvent e : events) {
            t.apply(e);
            pain.accept(e);
        }
    }

    private void track(SessionTally t) {
        long now = d.clock().nowMillis();
        for (Iterator<SessionTally> it = tallies.values().iterator(); it.hasNext(); ) {
            SessionTally old = it.next();
            if (now - old.endedAt() > Admission.LATE_WINDOW_MS || tallies.size() >= MAX_TALLIES) {
                it.remove();
            }
        }
        tallies.put(t.sessionId(), t);
        current = t;
    }

    /**
     * Judges an event and writes it ahead; the future holds the rejection, or empty once the event
     * is durable and applied.
     */
    Future<Optional<Rejection>> onEvent(DeviceEvent e, long receivedAt) {
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
        SessionTally tally;
        DeviceEvent event = e;
        if (e.type().aboutAStep()) {
            tally = tallies.get(e.sessionId());
            if (tally == null) {
                return refuse(Rejection.UNKNOWN_SESSION);
            }
            if (e.stepIndex() >= tally.progress().steps()) {
                return refuse(Rejection.UNKNOWN_STEP);
            }
            Optional<Rejection> why = Admission.judge(tally, e, receivedAt);
            if (why.isPresent()) {
                return Future.succeededFuture(why);
            }
        } else {
            // join and leave belong to the session running when they arrive, if any
            tally = current != null && receivedAt <= current.endedAt() ? current : null;
            if (tally != null) {
                event = new DeviceEvent(e.deviceId(), e.eventId(), e.type(), e.zone(), tally.sessionId(),
                        e.stepIndex(), e.at());
            }
        }
        if (tally != null && e.type() == DeviceEvent.Type.JOIN && !tally.isParticipant(e.deviceId())
                && tally.participants() >= MAX_PARTICIPANTS) {
            return refuse(Rejection.BAD_VALUE);
        }
        if (!seenEvents.firstTime(e.deviceId(), e.eventId())) {
            return refuse(Rejection.DUPLICATE);
        }
        DeviceEvent stored = event;
        return d.log().event(stored, receivedAt).map(fresh -> {
            if (!fresh) {
                return Optional.of(Rejection.DUPLICATE);
            }
            if (tally != null) {
                tally.apply(stored);
            }
            if (tally == current) {
                if (stored.type() == DeviceEvent.Type.PAIN) {
                    onPain.accept(stored);
                }
                scheduleProgress();
            }
            return Optional.<Rejection>empty();
        }).recover(err -> {
            seenEvents.forget(e.deviceId(), e.eventId());
            return Future.failedFuture(err);
        });
    }

    private static Future<Optional<Rejection>> refuse(Rejection why) {
        return Future.succeededFuture(Optional.of(why));
    }

    /** The progress message of the current session at {@code now}; null before the first session. */
    ObjectNode progressMessage(long now) {
        return current == null ? null
                : TrainerWire.progress(zone, current.sessionId(), current.progress().seq(), now, current.participants(),
                        current.progress().counts());
    }

    void publishProgress() {
        if (current != null && out.open()) {
            out.progress(progressMessage(d.clock().nowMillis()));
        }
    }

    private void scheduleProgress() {
        if (progressPending || current == null) {
            return;
        }
        progressPending = true;
        d.scheduler().at(d.clock().nowMillis() + d.progressCoalesceMs(), () -> {
            progressPending = false;
            publishProgress();
        });
    }
}
