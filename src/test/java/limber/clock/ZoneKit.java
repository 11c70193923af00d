package limber.clock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import limber.config.ConfigLoader;
import limber.config.LimberConfig;
import limber.config.Settings;
import limber.metrics.EngineMetrics;
import limber.protocol.DeviceEvent;
import limber.protocol.Topics;
import limber.routine.Plan;
import limber.routine.PlanCompiler;
import limber.session.CueSchedule;
import limber.session.Session;
import limber.session.SessionCommands;

/**
 * One zone's parts on virtual time with the shipped config, a recording outbox and a session log
 * whose writes the test completes or fails by hand. Lead 300 ms, cue advance 150 ms, warning 5 s.
 */
final class ZoneKit {
    static final long T0 = 1_800_000_000_000L;
    static final String ZONE = "main-floor";
    static final long LEAD = 300;
    static final long ADVANCE = 150;
    static final long COALESCE = 100;

    final Settings settings = ConfigLoader.load(new String[0], Map.of());
    final VirtualTime time = new VirtualTime(T0);
    final RecordingOutbox outbox = new RecordingOutbox(time);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final EngineMetrics metrics = new EngineMetrics(registry);
    final HeldLog log = new HeldLog();
    final LimberConfig.Zone zone = new LimberConfig.Zone(ZONE, "Main floor");
    boolean mayPublish = true;

    Plan plan(String routine, Integer holdSeconds, Integer reps) {
        return new PlanCompiler(settings.catalog(), settings.holdPolicy()).compile(
                settings.catalog().routine(routine).orElseThrow(), settings.holdPolicy().resolve(holdSeconds, reps, false));
    }

    Plan beginner() {
        return plan("beginner", null, null);
    }

    ZonePublisher publisher() {
        return new ZonePublisher(ZONE, outbox, () -> mayPublish);
    }

    /** Cue timers on the engine's grid, so these tests see cues go out as early as the engine may send them. */
    final GridTimers grid = new GridTimers(time, GridTimers.ENGINE_GRID_MS);

    SessionRunner runner(ZonePublisher out) {
        return new SessionRunner(zone, new SessionRunner.Deps(time, time, grid, new SessionCommands(LEAD, 60_000),
                new CueSchedule(5_000), metrics, log, settings.safety(), ADVANCE), out, 7);
    }

    ZoneServices services(boolean pauseOnPain) {
        return new ZoneServices(time, time, outbox, new SessionCommands(LEAD, 60_000), new CueSchedule(5_000), metrics,
                settings.safety(), log, 1000, ADVANCE, COALESCE, pauseOnPain, () -> mayPublish, grid);
    }

    List<JsonNode> on(String kind) {
        String topic = switch (kind) {
            case "session" -> Topics.session(ZONE);
            case "cue" -> Topics.cue(ZONE);
            case "progress" -> Topics.progress(ZONE);
            case "alerts" -> Topics.alerts(ZONE);
            default -> throw new IllegalArgumentException(kind);
        };
        return outbox.on(topic).stream().map(RecordingOutbox.Published::json).toList();
    }

    JsonNode last(String kind) {
        List<JsonNode> all = on(kind);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    static DeviceEvent event(String device, String id, DeviceEvent.Type type, String sessionId, int step) {
        return new DeviceEvent(device, id, type, ZONE, sessionId, step, 0);
    }

    /** The same event stamped by the device's clock at {@code at}. */
    static DeviceEvent eventAt(String device, String id, DeviceEvent.Type type, String sessionId, int step, long at) {
        return new DeviceEvent(device, id, type, ZONE, sessionId, step, at);
    }

    /**
     * A session log that writes nothing: every call is recorded; with {@code hold} set, futures wait
     * until the test completes or fails them, otherwise they complete at once.
     */
    static final class HeldLog implements SessionLog {
        final List<String> written = new ArrayList<>();
        final List<DeviceEvent> events = new ArrayList<>();
        private final List<Promise<Void>> heldChanges = new ArrayList<>();
        private final List<Promise<Boolean>> heldEvents = new ArrayList<>();
        boolean hold;

        @Override
        public Future<Void> started(Session s, long now) {
            written.add("started " + s.id());
            return change();
        }

        @Override
        public Future<Void> changed(Session s, String command, long now) {
            written.add("changed " + command);
            return change();
        }

        @Override
        public void ended(Session s, long at, String status) {
            written.add("ended " + status);
        }

        @Override
        public Future<Boolean> event(DeviceEvent e, long receivedAt) {
            written.add("event " + e.eventId());
            events.add(e);
            if (!hold) {
                return Future.succeededFuture(true);
            }
            Promise<Boolean> p = Promise.promise();
            heldEvents.add(p);
            return p.future();
        }

        @Override
        public Future<Void> alertAcknowledged(Session s, String eventId, long now) {
            written.add("acked " + eventId);
            return change();
        }

        private Future<Void> change() {
            if (!hold) {
                return Future.succeededFuture();
            }
            Promise<Void> p = Promise.promise();
            heldChanges.add(p);
            return p.future();
        }

        int held() {
            return heldChanges.size() + heldEvents.size();
        }

        void completeAll() {
            List<Promise<Void>> changes = List.copyOf(heldChanges);
            List<Promise<Boolean>> events = List.copyOf(heldEvents);
            heldChanges.clear();
            heldEvents.clear();
            changes.forEach(Promise::complete);
            events.forEach(p -> p.complete(true));
        }

        void failAll(String why) {
            List<Promise<?>> all = new ArrayList<>(heldChanges);
            all.addAll(heldEvents);
            heldChanges.clear();
            heldEvents.clear();
            all.forEach(p -> p.fail(why));
        }
    }
}
