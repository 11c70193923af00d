package limber.clock;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

import limber.protocol.DeviceEvent;
import limber.protocol.Rejection;
import limber.protocol.TrainerWire;
import limber.session.EngineClock;
import limber.session.Session;

/**
 * Who takes part in a zone and what they reported: validates device events against the current
 * session, counts each event id once, writes it ahead and only then applies it; coalesces the
 * retained progress message.
 */
final class Participation {
    private static final int MAX_PARTICIPANTS = 2000;

    /** What participation needs from the engine. */
    record Deps(EngineClock clock, Scheduler scheduler, SessionLog log, int dedupeCapacity, long progressCoalesceMs) {
    }

    private final String zone;
    private final Deps d;
    private final ZonePublisher out;
    private final Supplier<Session> session;
    private final EventIdWindow seenEvents;
    private final Set<String> participants = new LinkedHashSet<>();
    /** Events being written: a repeat gets the first copy's outcome, never an early "duplicate". */
    private final Map<String, Future<Optional<Rejection>>> inFlight = new HashMap<>();
    private Consumer<DeviceEvent> onPain = e -> { };
    private ZoneProgress progress;
    private boolean progressPending;

    Participation(String zone, Deps deps, ZonePublisher out, Supplier<Session> session) {
        this.zone = zone;
        this.d = deps;
        this.out = out;
        this.session = session;
        this.seenEvents = new EventIdWindow(deps.dedupeCapacity());
    }

    /** Who hears about an accepted pain report, once it is stored. */
    Participation onPain(Consumer<DeviceEvent> handler) {
        this.onPain = handler;
        return this;
    }

    ZoneProgress progress() {
        return progress;
    }

    int participants() {
        return participants.size();
    }

    /** A new session: its own progress from zero, published at once. */
    void begin(Session s) {
        progress = new ZoneProgress(s.id(), s.plan().steps().size());
        publishProgress();
    }

    /**
     * After a restart or takeover: the session's journaled events rebuild participants and progress;
     * {@code recentKeys} (device id, event id) fill the duplicate window. Pain reports go to
     * {@code pain}, which decides whether each is still open.
     */
    void restore(Session s, List<DeviceEvent> events, List<String[]> recentKeys, Consumer<DeviceEvent> pain) {
        progress = new ZoneProgress(s.id(), s.plan().steps().size());
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
                    pain.accept(e);
                }
            }
        }
    }

    /**
     * Validates an event against this zone's state and writes it ahead; the future holds the
     * rejection, or empty once the event is durable and applied.
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
        Session s = session.get();
        if (e.type().aboutAStep()) {
            if (s == null || !s.id().equals(e.sessionId())) {
                return Future.succeededFuture(Optional.of(Rejection.UNKNOWN_SESSION));
            }
            if (e.stepIndex() >= s.plan().steps().size()) {
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
        return d.log().event(e, receivedAt).map(fresh -> {
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
                        onPain.accept(e);
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

    /** The progress message as it stands at {@code now}; null before the first session. */
    ObjectNode progressMessage(long now) {
        return progress == null ? null
                : TrainerWire.progress(zone, progress.sessionId(), progress.seq(), now, participants.size(),
                        progress.counts());
    }

    void publishProgress() {
        if (progress != null && out.open()) {
            out.progress(progressMessage(d.clock().nowMillis()));
        }
    }

    private void scheduleProgress() {
        if (progressPending || progress == null) {
            return;
        }
        progressPending = true;
        d.scheduler().at(d.clock().nowMillis() + d.progressCoalesceMs(), () -> {
            progressPending = false;
            publishProgress();
        });
    }
}
