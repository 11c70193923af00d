package limber.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import limber.config.ConfigLoader;
import limber.config.LimberConfig;
import limber.config.Settings;
import limber.routine.Phase;
import limber.routine.Plan;
import limber.routine.PlanCompiler;
import limber.session.Anchor;
import limber.store.JdbcStore;
import limber.store.JournalEntry;

/**
 * Sessions written straight into a journal the way an engine that then went down would have left
 * them: their timelines ran out (or were stopped) while nobody was running, so no end was written.
 * Each one's expected end is worked out here by hand from the plan's phase lengths.
 */
final class DowntimeJournal {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long LEAD = 300;

    final Plan plan;
    final List<JournalEntry> entries = new ArrayList<>();
    /** session id → "endedAt status", or "open" for a session that must stay without an end. */
    final Map<String, String> expected = new TreeMap<>();
    private long revision;

    /**
     * {@code zone}: three old sessions that finished, were stopped and were skipped to the end, then its
     * latest, paused, resumed and extended, which finished while the engine was down. {@code pausedZone}
     * (may be null): one session paused before the outage, which has not ended.
     */
    DowntimeJournal(long now, String zone, String pausedZone) {
        Settings settings = ConfigLoader.load(new String[0], Map.of());
        plan = new PlanCompiler(settings.catalog(), settings.holdPolicy()).compile(
                settings.catalog().routine("beginner").orElseThrow(), settings.holdPolicy().resolve(null, null, false));
        long total = plan.totalMs();

        long a = now - 5 * 3_600_000L;
        start("ran-out", zone, a, running(a, 0, 0, 0));
        expected.put("ran-out", (a + total) + " finished");

        long b = now - 4 * 3_600_000L;
        start("stopped", zone, b, running(b, 0, 0, 0));
        change("stopped", zone, "stop", running(b, 0, 0, 0), new Anchor(b + 60_000, Anchor.Status.STOPPED, phaseAfter(60_000), 0, 0));
        expected.put("stopped", (b + 60_000) + " stopped");

        long c = now - 3 * 3_600_000L;
        start("skipped-to-end", zone, c, running(c, 0, 0, 0));
        change("skipped-to-end", zone, "skip", running(c, 0, 0, 0),
                new Anchor(c + 30_000, Anchor.Status.FINISHED, plan.phaseCount() - 1, 0, 0));
        expected.put("skipped-to-end", (c + 30_000) + " finished");

        // paused 60 s in the first phase, then 15 s added to the first hold
        long d = now - 2 * 3_600_000L;
        int hold = firstHold();
        long holdStart = startOf(hold);
        Anchor paused = new Anchor(d + 10_000, Anchor.Status.PAUSED, 0, 10_000, 0);
        Anchor resumed = new Anchor(d + 70_000, Anchor.Status.RUNNING, 0, 10_000, 0);
        Anchor extended = new Anchor(d + 60_000 + holdStart + 5_000, Anchor.Status.RUNNING, hold, 5_000, 15_000);
        start("extended", zone, d, running(d, 0, 0, 0));
        change("extended", zone, "pause", running(d, 0, 0, 0), paused);
        change("extended", zone, "resume", paused, resumed);
        change("extended", zone, "extend", resumed, extended);
        expected.put("extended", (d + 60_000 + total + 15_000) + " finished");

        if (pausedZone != null) {
            long e = now - 3_600_000L;
            start("paused", pausedZone, e, running(e, 0, 0, 0));
            change("paused", pausedZone, "pause", running(e, 0, 0, 0), new Anchor(e + 20_000, Anchor.Status.PAUSED,
                    phaseAfter(20_000), 20_000 - startOf(phaseAfter(20_000)), 0));
            expected.put("paused", "open");
        }
    }

    /** Writes the sessions into the journal at {@code store}, as the engine before the outage did. */
    void writeTo(LimberConfig.Store store) throws Exception {
        try (JdbcStore s = JdbcStore.open(store)) {
            s.write(entries, null);
        }
    }

    /** Waits until the history shows every session's expected end (or none). */
    void awaitEnds(Http http) {
        await("planned ends in the history").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Http.Response r = http.get("/api/history/sessions?limit=100");
            assertEquals(200, r.status(), r.body());
            Map<String, String> ends = new TreeMap<>();
            for (JsonNode s : r.json().get("sessions")) {
                JsonNode at = s.get("ended_at");
                ends.put(s.get("session_id").asText(), at.isNull() ? "open" : at.asLong() + " " + s.get("end_status").asText());
            }
            assertEquals(expected, ends);
        });
    }

    private Anchor running(long at, int phase, long elapsed, long extend) {
        return new Anchor(at, Anchor.Status.RUNNING, phase, elapsed, extend);
    }

    private void start(String id, String zone, long anchorAt, Anchor first) {
        entries.add(new JournalEntry.SessionStarted(id, zone, plan.routineId(), plan.routineName(), json(plan),
                anchorAt - LEAD, ++revision, json(List.of(first))));
    }

    private void change(String id, String zone, String command, Anchor current, Anchor next) {
        entries.add(new JournalEntry.SessionChanged(id, zone, ++revision, command, json(List.of(current, next)),
                next.at() - LEAD));
    }

    private int firstHold() {
        for (Phase p : plan.phases()) {
            if (p.kind() == Phase.Kind.HOLD) {
                return p.index();
            }
        }
        throw new IllegalStateException("the beginner routine has no hold");
    }

    private long startOf(int phase) {
        long t = 0;
        for (int i = 0; i < phase; i++) {
            t += plan.phase(i).durationMs();
        }
        return t;
    }

    private int phaseAfter(long ms) {
        int i = 0;
        while (startOf(i + 1) <= ms) {
            i++;
        }
        return i;
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
