package limber.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.protocol.Topics;
import limber.testing.EngineFixture;
import limber.testing.MqttProbe;

/**
 * The engine seen from outside: trainer HTTP calls in, MQTT out, device messages in. Runs once per
 * broker (subclasses): the embedded Moquette and a real Mosquitto. Every device and spy logs in with
 * a login made through the admin API (the embedded broker checks it; this Mosquitto lets anyone in).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
abstract class EngineEndToEndChecks {
    static final String ZONE = "main-floor";
    static final Duration WAIT = Duration.ofSeconds(20);

    EngineFixture fx;
    Http http;

    abstract EngineFixture startEngine() throws Exception;

    @BeforeEach
    void up() throws Exception {
        fx = startEngine();
        http = new Http(fx.api());
    }

    @AfterEach
    void down() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    JsonNode start(String routine) throws Exception {
        Http.Response r = http.post("/api/zones/" + ZONE + "/session",
                "{\"routineId\":\"" + routine + "\",\"holdSeconds\":20,\"reps\":2}");
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    static List<JsonNode> cues(MqttProbe probe, String kind) {
        return probe.on(Topics.cue(ZONE)).stream().map(MqttProbe.Received::json)
                .filter(j -> j.get("kind").asText().equals(kind)).toList();
    }

    @Test
    void retainedSessionAndCuesArriveAheadOfThePlannedInstants() throws Exception {
        try (MqttProbe live = fx.connect("display-1", "display", ZONE).subscribe("limber/v1/zones/" + ZONE + "/#")) {
            JsonNode started = start("lower-back-relief");
            long e1 = started.get("effectiveAt").asLong();
            assertEquals(e1, started.get("anchors").get(0).get("at").asLong());
            String sessionId = started.get("sessionId").asText();

            await().atMost(WAIT).until(() -> !cues(live, "step_start").isEmpty());
            MqttProbe.Received first = live.on(Topics.cue(ZONE)).get(0);
            assertEquals(e1, first.json().get("at").asLong(), "the first step starts when the command took effect");
            assertTrue(first.arrivedAt() <= e1, "the cue reaches devices before its instant: arrived "
                    + (first.arrivedAt() - e1) + " ms after it");

            try (MqttProbe late = fx.connect("display-2", "display", ZONE).subscribe(Topics.session(ZONE))) {
                await().atMost(WAIT).until(() -> late.on(Topics.session(ZONE)).stream()
                        .anyMatch(m -> sessionId.equals(m.json().path("sessionId").asText())));
                JsonNode retained = late.on(Topics.session(ZONE)).get(0).json();
                assertEquals(e1, retained.get("anchors").get(0).get("at").asLong());
                assertEquals(5, retained.get("steps").size());
            }

            Http.Response skip = http.post("/api/zones/" + ZONE + "/session/skip", "");
            assertEquals(200, skip.status(), skip.body());
            long e2 = skip.json().get("effectiveAt").asLong();
            await().atMost(WAIT).until(() -> cues(live, "step_start").size() >= 2);
            JsonNode second = cues(live, "step_start").get(1);
            assertEquals(e2, second.get("at").asLong());
            assertEquals(1, second.get("stepIndex").asInt());

            long prepareMs = fx.engine.settings().holdPolicy().prepareSeconds() * 1000L;
            await().atMost(WAIT).until(() -> !cues(live, "hold_start").isEmpty());
            JsonNode hold = cues(live, "hold_start").get(0);
            assertEquals(e2 + prepareMs, hold.get("at").asLong(), "the hold starts exactly one prepare phase later");
            assertEquals("left", hold.get("side").asText(), "sided stretches start on the left");

            Http.Response stop = http.post("/api/zones/" + ZONE + "/session/stop", "");
            assertEquals(200, stop.status());
            await().atMost(WAIT).until(() -> cues(live, "session_end").size() == 1);
            assertEquals(stop.json().get("effectiveAt").asLong(), cues(live, "session_end").get(0).get("at").asLong());
            await().atMost(WAIT).until(() -> {
                List<MqttProbe.Received> s = live.on(Topics.session(ZONE));
                return "stopped".equals(s.get(s.size() - 1).json().get("status").asText());
            });
        }
    }

    @Test
    void answersClockSyncPings() throws Exception {
        try (MqttProbe device = fx.connect("display-7", "display", ZONE).subscribe(Topics.pong("display-7"))) {
            long before = System.currentTimeMillis();
            device.publish(Topics.ping("display-7"), "{\"t0\":123456}", 0);
            await().atMost(WAIT).until(() -> !device.on(Topics.pong("display-7")).isEmpty());
            JsonNode pong = device.on(Topics.pong("display-7")).get(0).json();
            assertEquals(123456, pong.get("t0").asLong());
            assertTrue(pong.get("t1").asLong() >= before && pong.get("t2").asLong() >= pong.get("t1").asLong(), pong.toString());
        }
    }

    @Test
    void completionsCountOncePerDeviceAndPainAlertsAtOnce() throws Exception {
        try (MqttProbe trainer = fx.observer().subscribe("limber/v1/zones/" + ZONE + "/#");
             MqttProbe watch1 = fx.connect("watch-1", "watch", ZONE);
             MqttProbe watch2 = fx.connect("watch-2", "watch", ZONE);
             MqttProbe watch3 = fx.connect("watch-3", "watch", ZONE)) {
            String sessionId = start("beginner").get("sessionId").asText();
            awaitStarted(http, ZONE);
            watch1.publish(Topics.deviceEvents("watch-1"), event("e-watch-1", "done", sessionId, 0), 1);
            watch2.publish(Topics.deviceEvents("watch-2"), event("e-watch-2", "done", sessionId, 0), 1);
            watch3.publish(Topics.deviceEvents("watch-3"), event("e-watch-3", "done", sessionId, 0), 1);
            watch1.publish(Topics.deviceEvents("watch-1"), event("e-watch-1", "done", sessionId, 0), 1);
            watch1.publish(Topics.deviceEvents("watch-1"), event("e-watch-1-again", "done", sessionId, 0), 1);
            watch2.publish(Topics.deviceEvents("watch-2"), event("p-1", "pain", sessionId, 0), 1);

            await().atMost(WAIT).until(() -> !trainer.on(Topics.alerts(ZONE)).isEmpty());
            JsonNode alert = trainer.on(Topics.alerts(ZONE)).get(0).json();
            assertEquals("pain", alert.get("kind").asText());
            assertEquals("watch-2", alert.get("deviceId").asText());

            await().atMost(WAIT).until(() -> http.metric("limber_device_events_accepted_total", "type=\"pain\"") == 1);
            await().atMost(WAIT).until(() -> {
                List<MqttProbe.Received> p = trainer.on(Topics.progress(ZONE));
                return !p.isEmpty() && p.get(p.size() - 1).json().get("steps").get(0).get("pain").asInt() == 1;
            });
            List<MqttProbe.Received> progress = trainer.on(Topics.progress(ZONE));
            JsonNode last = progress.get(progress.size() - 1).json();
            assertEquals(3, last.get("steps").get(0).get("done").asInt(), "three watches, each counted once");
            assertEquals(3, last.get("participants").asInt());
            assertEquals(1.0, http.metric("limber_device_messages_rejected_total", "reason=\"duplicate\",topic=\"events\""));
            assertEquals(4.0, http.metric("limber_device_events_accepted_total", "type=\"done\""));

            // default safety policy: the zone pauses and every screen shows the stop line
            await().atMost(WAIT).until(() -> {
                List<MqttProbe.Received> s = trainer.on(Topics.session(ZONE));
                JsonNode newest = s.get(s.size() - 1).json();
                return newest.has("attention") && newest.get("anchors").get(newest.get("anchors").size() - 1)
                        .get("status").asText().equals("paused");
            });
            JsonNode open = http.get("/api/zones/" + ZONE + "/alerts").json().get("alerts");
            assertEquals(1, open.size());
            assertEquals("watch-2", open.get(0).get("deviceId").asText());
            assertEquals("unknown_alert", expect(404, http.post("/api/zones/" + ZONE + "/alerts/nope/ack", "")));
            assertEquals(200, http.post("/api/zones/" + ZONE + "/alerts/p-1/ack", "").status());
            await().atMost(WAIT).until(() -> {
                List<MqttProbe.Received> s = trainer.on(Topics.session(ZONE));
                return !s.get(s.size() - 1).json().has("attention");
            });
            assertEquals(0, http.get("/api/zones/" + ZONE + "/alerts").json().get("alerts").size());
            assertEquals(200, http.post("/api/zones/" + ZONE + "/session/resume", "").status(), "the trainer decides");
        }
    }

    @Test
    void malformedDeviceMessagesAreRejectedCountedAndHarmless() throws Exception {
        String sessionId = start("beginner").get("sessionId").asText();
        try (MqttProbe bad = fx.connect("watch-9", "watch", ZONE)) {
            String t = Topics.deviceEvents("watch-9");
            bad.publish(t, "this is not json", 1);
            bad.publish(t, "{\"eventId\":42,\"type\":\"done\",\"zone\":\"main-floor\",\"sessionId\":\"x\",\"stepIndex\":0}", 1);
            bad.publish(t, event("u-1", "done", "no-such-session", 0), 1);
            bad.publish(t, event("u-2", "done", sessionId, 99), 1);
            bad.publish(t, "{\"eventId\":\"u-3\",\"type\":\"join\",\"zone\":\"atlantis\"}", 1);
            bad.publish(t, "{\"eventId\":\"" + "x".repeat(5000) + "\"}", 1);
            bad.publish(Topics.ping("watch-9"), "{\"t0\":\"soon\"}", 1);
            bad.publish(Topics.deviceStatus("watch-9"), "{\"state\":\"asleep\",\"kind\":\"watch\"}".getBytes(), 1, false);
        }
        await().atMost(WAIT).until(() -> http.metric("limber_device_messages_rejected_total", "reason=\"bad_value\",topic=\"status\"") == 1);
        for (String reason : List.of("not_json", "wrong_type", "unknown_session", "unknown_step", "unknown_zone", "too_large")) {
            await().atMost(WAIT).until(() -> http.metric("limber_device_messages_rejected_total",
                    "reason=\"" + reason + "\",topic=\"events\"") == 1);
        }
        assertEquals(1.0, http.metric("limber_device_messages_rejected_total", "reason=\"wrong_type\",topic=\"ping\""));
        assertEquals(200, http.get("/api/zones/" + ZONE).status(), "the engine keeps serving");
        assertEquals(0.0, http.metric("limber_device_events_accepted_total", "type=\"done\""), "nothing bad was counted");
        assertEquals(200, http.post("/api/zones/" + ZONE + "/session/pause", "").status());
    }

    @Test
    void apiRejectsNonsenseWithClearErrors() throws Exception {
        assertEquals("unknown_zone", expect(404, http.post("/api/zones/atlantis/session", "{\"routineId\":\"beginner\"}")));
        assertEquals("unknown_routine", expect(404, http.post("/api/zones/" + ZONE + "/session", "{\"routineId\":\"yoga\"}")));
        assertEquals("invalid_option", expect(400, http.post("/api/zones/" + ZONE + "/session",
                "{\"routineId\":\"beginner\",\"holdSeconds\":90}")));
        assertEquals("invalid_option", expect(400, http.post("/api/zones/" + ZONE + "/session",
                "{\"routineId\":\"beginner\",\"reps\":\"many\"}")));
        assertEquals("invalid_json", expect(400, http.post("/api/zones/" + ZONE + "/session", "{nope")));
        assertEquals("not_running", expect(409, http.post("/api/zones/" + ZONE + "/session/pause", "")));
        start("beginner");
        assertEquals("busy", expect(409, http.post("/api/zones/" + ZONE + "/session", "{\"routineId\":\"beginner\"}")));
        assertEquals("not_paused", expect(409, http.post("/api/zones/" + ZONE + "/session/resume", "")));
        assertEquals("unknown_command", expect(404, http.post("/api/zones/" + ZONE + "/session/dance", "")));
        assertEquals(200, http.get("/health").status());
    }

    private static String expect(int status, Http.Response r) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.json().get("message").asText().length() > 5, r.body());
        return r.json().get("error").asText();
    }

    /**
     * Waits until the zone's session has begun (its first step started, after the command lead):
     * only then can a done for that step count.
     */
    /**
     * The cues that fell due between {@code from} and {@code to} (at least {@code atLeast} of them): each
     * published by its deadline (its advance before its instant) within {@code boundMs}, and each received
     * by the subscriber before its instant. {@code boundMs} is the engine's lateness limit plus what the
     * machine itself stalled meanwhile (a {@code StallMeter}); that stall may delay the arrival as well,
     * the engine's own share may not.
     */
    static void cuesOnTimeDuring(MqttProbe cues, EngineFixture fx, long from, long to, long boundMs, int atLeast) {
        long advance = fx.engine.settings().engine().session().leadMs() / 2;
        long machineStall = Math.max(0, boundMs - fx.engine.settings().engine().limits().maxLatenessMs());
        List<MqttProbe.Received> during = cues.received.stream()
                .filter(r -> r.json().get("at").asLong() >= from && r.json().get("at").asLong() <= to).toList();
        assertTrue(during.size() >= atLeast, "cues fell due during the " + (to - from) + " ms window: " + during.size());
        for (MqttProbe.Received r : during) {
            long at = r.json().get("at").asLong();
            long late = r.json().get("serverTime").asLong() - (at - advance);
            assertTrue(late <= boundMs, "published " + late + " ms after its deadline: " + r.json());
            assertTrue(r.arrivedAt() < at + machineStall, "arrived " + (r.arrivedAt() - at)
                    + " ms after its instant (the machine stalled up to " + machineStall + " ms meanwhile): " + r.json());
        }
    }

    static void awaitStarted(Http http, String zone) {
        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(
                http.get("/api/zones/" + zone).json().path("now").path("status").asText()));
    }

    static String event(String id, String type, String sessionId, int step) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"zone\":\"" + ZONE + "\",\"sessionId\":\""
                + sessionId + "\",\"stepIndex\":" + step + "}";
    }
}
