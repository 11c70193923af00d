package limber.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import limber.config.ConfigLoader;
import limber.config.LimberConfig;
import limber.config.Settings;
import limber.protocol.DeviceEvent;
import limber.routine.Plan;
import limber.routine.PlanCompiler;
import limber.session.Anchor;
import limber.store.JdbcStore;
import limber.store.JournalEntry;

/**
 * Journal entries written straight into a store, as an engine that has since stopped would have
 * left them; sessions run the shipped beginner routine with default options.
 */
final class JournalScript {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long LEAD = 300;

    final Plan plan;
    final List<JournalEntry> entries = new ArrayList<>();
    private long revision;

    JournalScript() {
        Settings settings = ConfigLoader.load(new String[0], Map.of());
        plan = new PlanCompiler(settings.catalog(), settings.holdPolicy()).compile(
                settings.catalog().routine("beginner").orElseThrow(), settings.holdPolicy().resolve(null, null, false));
    }

    static Anchor running(long at, int phase, long elapsed, long extend) {
        return new Anchor(at, Anchor.Status.RUNNING, phase, elapsed, extend);
    }

    /** A session started a lead before {@code first}, its first anchor. */
    JournalScript start(String id, String zone, Anchor first) {
        entries.add(new JournalEntry.SessionStarted(id, zone, plan.routineId(), plan.routineName(), json(plan),
                first.at() - LEAD, ++revision, json(List.of(first))));
        return this;
    }

    /** A trainer command: {@code next} in effect from a lead after it was given. */
    JournalScript change(String id, String zone, String command, Anchor current, Anchor next) {
        entries.add(new JournalEntry.SessionChanged(id, zone, ++revision, command, json(List.of(current, next)),
                next.at() - LEAD));
        return this;
    }

    JournalScript end(String id, String zone, long at, String status) {
        entries.add(new JournalEntry.SessionEnded(id, zone, at, status));
        return this;
    }

    /** A device event, journaled when the engine received it. */
    JournalScript event(String device, String eventId, DeviceEvent.Type type, String zone, String sessionId, int step,
                        long receivedAt) {
        entries.add(new JournalEntry.EventAccepted(new DeviceEvent(device, eventId, type, zone, sessionId,
                type.aboutAStep() ? step : -1, receivedAt - 40), receivedAt));
        return this;
    }

    void writeTo(LimberConfig.Store store) throws Exception {
        try (JdbcStore s = JdbcStore.open(store)) {
            s.write(entries, null);
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
