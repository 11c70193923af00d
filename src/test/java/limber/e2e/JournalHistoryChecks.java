package limber.e2e;

import static limber.e2e.JournalScript.running;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.config.LimberConfig;
import limber.protocol.DeviceEvent;
import limber.session.Anchor;
import limber.testing.EngineFixture;

/**
 * An engine started on a journal that an earlier engine left behind, read through the trainer's
 * history API. Sessions whose timelines ran out while the engine was down get their planned end on
 * start: the instant the timeline ended (a stop's effective instant for a stopped one), so they show
 * a duration and retention can prune them; a session still paused stays open. The history shows each
 * session's start, end, duration, routine, zone and participants, a session's events and a device's
 * events, as JSON and CSV; retention prunes ended sessions and events journaled for no session once
 * they are older than {@code store.retentionDays}, at start and hourly.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class JournalHistoryChecks {
    private static final long DAY = 86_400_000L;

    /** The journal the engine is about to open. */
    abstract LimberConfig.Store store() throws Exception;

    /** Engine arguments that point it at {@link #store()}. */
    abstract String[] storeArgs() throws Exception;

    @Test
    void sessionsThatEndedWhileTheEngineWasDownGetTheirPlannedEndOnStart() throws Exception {
        DowntimeJournal journal = new DowntimeJournal(System.currentTimeMillis(), "studio-b", "main-floor");
        journal.writeTo(store());
        try (EngineFixture engine = EngineFixture.embedded(storeArgs())) {
            journal.awaitEnds(new Http(engine.api()));
        }
    }

    @Test
    void sessionsEventsDevicesCsvAndRetention() throws Exception {
        long now = System.currentTimeMillis();
        JournalScript j = new JournalScript();
        long total = j.plan.totalMs();
        // older than the one day kept: one ended, one whose timeline ran out while the engine was down,
        // one still paused (not ended, so kept), and a join journaled for no session
        long old = now - 3 * DAY;
        j.start("old-ended", "main-floor", running(old, 0, 0, 0)).end("old-ended", "main-floor", old + total, "finished")
                .event("w1", "w1-old", DeviceEvent.Type.DONE, "main-floor", "old-ended", 0, old + 20_000)
                .start("old-ran-out", "studio-b", running(old + 1000, 0, 0, 0))
                .event("w4", "w4-old", DeviceEvent.Type.JOIN, "studio-b", null, 0, old + 2000)
                .start("old-paused", "studio-b", running(old + 2000, 0, 0, 0))
                .change("old-paused", "studio-b", "pause", running(old + 2000, 0, 0, 0),
                        new Anchor(old + 5000, Anchor.Status.PAUSED, 0, 3000, 0));
        // two hours ago: ran ten minutes, then stopped
        long t = now - 2 * 3_600_000L;
        j.start("recent", "main-floor", running(t, 0, 0, 0))
                .event("w1", "w1-1", DeviceEvent.Type.JOIN, "main-floor", "recent", 0, t + 1000)
                .event("w2", "w2-1", DeviceEvent.Type.JOIN, "main-floor", "recent", 0, t + 1100)
                .event("w4", "w4-1", DeviceEvent.Type.JOIN, "main-floor", null, 0, t + 1200)
                .event("w3", "w3-1", DeviceEvent.Type.DONE, "main-floor", "recent", 0, t + 30_000)
                .event("w1", "w1-2", DeviceEvent.Type.DONE, "main-floor", "recent", 0, t + 30_100)
                .event("w5", "w5-1", DeviceEvent.Type.PAIN, "main-floor", "recent", 1, t + 60_000)
                .event("w2", "w2-2", DeviceEvent.Type.LEAVE, "main-floor", "recent", 0, t + 70_000)
                .event("w3", "w3-2", DeviceEvent.Type.LEAVE, "main-floor", "recent", 0, t + 80_000)
                .event("w3", "w3-3", DeviceEvent.Type.JOIN, "main-floor", "recent", 0, t + 90_000)
                .event("w1", "w1-3", DeviceEvent.Type.DONE, "main-floor", "recent", 1, t + 120_000)
                .change("recent", "main-floor", "stop", running(t, 0, 0, 0),
                        new Anchor(t + 600_000, Anchor.Status.STOPPED, 0, 0, 0))
                .end("recent", "main-floor", t + 600_000, "stopped");
        j.writeTo(store());

        String[] args = new String[storeArgs().length + 1];
        System.arraycopy(storeArgs(), 0, args, 0, args.length - 1);
        args[args.length - 1] = "--store.retentionDays=1";
        try (EngineFixture engine = EngineFixture.embedded(args)) {
            Http http = new Http(engine.api());
            // w1 and w3 are in (w3 left and came back), w5 reported pain, w2 left; w4's join names no session
            String recent = "recent,main-floor,beginner," + j.plan.routineName() + "," + (t - 300) + "," + (t + 600_000)
                    + "," + 600_300 + ",stopped,3,3,0,1";
            String paused = "old-paused,studio-b,beginner," + j.plan.routineName() + "," + (old + 1700) + ",,,,0,0,0,0";
            String header = "session_id,zone,routine_id,routine_name,started_at,ended_at,duration_ms,end_status,"
                    + "participants,done,skipped,pain\r\n";
            awaitBody(http, "/api/history/sessions?format=csv", header + recent + "\r\n" + paused + "\r\n");
            assertEquals(header + recent + "\r\n", http.get("/api/history/sessions?zone=main-floor&format=csv").body(),
                    "the zone's sessions only");

            JsonNode sessions = http.get("/api/history/sessions?limit=1").json().get("sessions");
            assertEquals(1, sessions.size());
            assertEquals(600_300, sessions.get(0).get("duration_ms").asLong());
            assertEquals(3, sessions.get(0).get("participants").asInt());

            assertEquals(List.of("w1-1", "w2-1", "w3-1", "w1-2", "w5-1", "w2-2", "w3-2", "w3-3", "w1-3"),
                    eventIds(http.get("/api/history/sessions/recent").json()), "the session's events in journal order");
            assertEquals(List.of("w1-3", "w1-2", "w1-1"), eventIds(http.get("/api/history/devices/w1").json()),
                    "newest first; the event of the pruned session is gone");
            assertEquals(List.of("w4-1"), eventIds(http.get("/api/history/devices/w4").json()),
                    "the old join for no session is pruned, the recent one kept");
            assertEquals("session_id,zone,device_id,event_id,type,step_index,device_at,received_at\r\n"
                    + "recent,main-floor,w1,w1-3,done,1," + (t + 120_000 - 40) + "," + (t + 120_000) + "\r\n",
                    http.get("/api/history/devices/w1?limit=1&format=csv").body());
            assertEquals(404, http.get("/api/history/sessions/old-ended").status(), "pruned");
        }
    }

    /** Start-up writes overdue ends, then prunes: wait for both. */
    private static void awaitBody(Http http, String path, String expected) {
        await(path).atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(expected, http.get(path).body()));
    }

    private static List<String> eventIds(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.get("events").forEach(e -> out.add(e.get("event_id").asText()));
        return out;
    }
}
