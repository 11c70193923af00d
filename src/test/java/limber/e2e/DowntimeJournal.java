package limber.e2e;

import static limber.e2e.JournalScript.running;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import limber.config.LimberConfig;
import limber.routine.Phase;
import limber.routine.Plan;
import limber.session.Anchor;

/**
 * Sessions written straight into a journal the way an engine that then went down would have left
 * them: their timelines ran out (or were stopped) while nobody was running, so no end was written.
 * Each one's expected end is worked out here by hand from the plan's phase lengths.
 */
final class DowntimeJournal {
    final JournalScript script = new JournalScript();
    /** session id → "endedAt status", or "open" for a session that must stay without an end. */
    final Map<String, String> expected = new TreeMap<>();

    /**
     * {@code zone}: three old sessions that finished, were stopped and were skipped to the end, then its
     * latest, paused, resumed and extended, which finished while the engine was down. {@code pausedZone}
     * (may be null): one session paused before the outage, which has not ended.
     */
    DowntimeJournal(long now, String zone, String pausedZone) {
        Plan plan = script.plan;
        long total = plan.totalMs();

        long a = now - 5 * 3_600_000L;
        script.start("ran-out", zone, running(a, 0, 0, 0));
        expected.put("ran-out", (a + total) + " finished");

        long b = now - 4 * 3_600_000L;
        script.start("stopped", zone, running(b, 0, 0, 0)).change("stopped", zone, "stop", running(b, 0, 0, 0),
                new Anchor(b + 60_000, Anchor.Status.STOPPED, phaseAfter(60_000), 0, 0));
        expected.put("stopped", (b + 60_000) + " stopped");

        long c = now - 3 * 3_600_000L;
        script.start("skipped-to-end", zone, running(c, 0, 0, 0)).change("skipped-to-end", zone, "skip",
                running(c, 0, 0, 0), new Anchor(c + 30_000, Anchor.Status.FINISHED, plan.phaseCount() - 1, 0, 0));
        expected.put("skipped-to-end", (c + 30_000) + " finished");

        // paused 60 s in the first phase, then 15 s added to the first hold
        long d = now - 2 * 3_600_000L;
        int hold = firstHold();
        long holdStart = startOf(hold);
        Anchor paused = new Anchor(d + 10_000, Anchor.Status.PAUSED, 0, 10_000, 0);
        Anchor resumed = running(d + 70_000, 0, 10_000, 0);
        Anchor extended = running(d + 60_000 + holdStart + 5_000, hold, 5_000, 15_000);
        script.start("extended", zone, running(d, 0, 0, 0)).change("extended", zone, "pause", running(d, 0, 0, 0), paused)
                .change("extended", zone, "resume", paused, resumed).change("extended", zone, "extend", resumed, extended);
        expected.put("extended", (d + 60_000 + total + 15_000) + " finished");

        if (pausedZone != null) {
            long e = now - 3_600_000L;
            script.start("paused", pausedZone, running(e, 0, 0, 0)).change("paused", pausedZone, "pause",
                    running(e, 0, 0, 0), new Anchor(e + 20_000, Anchor.Status.PAUSED, phaseAfter(20_000),
                            20_000 - startOf(phaseAfter(20_000)), 0));
            expected.put("paused", "open");
        }
    }

    /** Writes the sessions into the journal at {@code store}, as the engine before the outage did. */
    void writeTo(LimberConfig.Store store) throws Exception {
        script.writeTo(store);
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

    private int firstHold() {
        for (Phase p : script.plan.phases()) {
            if (p.kind() == Phase.Kind.HOLD) {
                return p.index();
            }
        }
        throw new IllegalStateException("the beginner routine has no hold");
    }

    private long startOf(int phase) {
        long t = 0;
        for (int i = 0; i < phase; i++) {
            t += script.plan.phase(i).durationMs();
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
}
