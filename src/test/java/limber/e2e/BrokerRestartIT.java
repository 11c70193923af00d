package limber.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.protocol.Topics;
import limber.session.Cue;
import limber.session.CueSchedule;
import limber.session.Session;
import limber.testing.EngineFixture;
import limber.testing.MosquittoBroker;
import limber.testing.MqttProbe;
import limber.testing.SessionMessages;

/**
 * Mosquitto (no persistence) is killed mid-session and started again on the same port. The engine
 * must reconnect, resubscribe, put the retained session back (the broker forgot it), and carry on
 * on the original timeline.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BrokerRestartIT {
    private static final String ZONE = EngineEndToEndChecks.ZONE;
    private static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * Mosquitto restarts (persistent sessions on). Watches report while the engine has not yet
     * reconnected: the broker keeps those events for the engine's persistent session, and each is
     * counted exactly once when the engine is back.
     */
    @Test
    void eventsSentWhileTheEngineIsDisconnectedAreCountedOnce() throws Exception {
        try (MosquittoBroker mosquitto = MosquittoBroker.persistent();
             EngineFixture fx = EngineFixture.external(mosquitto.url())) {
            Http http = new Http(fx.api());
            Http.Response started = http.post("/api/zones/" + ZONE + "/session",
                    "{\"routineId\":\"lower-back-relief\",\"holdSeconds\":20}");
            assertEquals(201, started.status(), started.body());
            String sessionId = started.json().get("sessionId").asText();

            mosquitto.stop();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> http.metric("limber_mqtt_connected", "") == 0);
            mosquitto.start();
            int sentWhileAway = 0;
            // one anonymous connection for all ten watches: this Mosquitto has no logins or ACL, and the
            // events must be out before the engine reconnects (about 1 s), sooner than ten logins connect
            try (MqttProbe watches = new MqttProbe(mosquitto.url())) {
                for (int w = 0; w < 10; w++) {
                    watches.publish(Topics.deviceEvents("watch-" + w),
                            EngineEndToEndChecks.event("away-" + w, "done", sessionId, 0), 1);
                    sentWhileAway++;
                }
                boolean engineWasAway = http.metric("limber_mqtt_connected", "") == 0;
                await().atMost(WAIT).until(() -> http.get("/health").status() == 200);
                for (int w = 0; w < 10; w++) { // a device retry after reconnect must not count again
                    watches.publish(Topics.deviceEvents("watch-" + w),
                            EngineEndToEndChecks.event("away-" + w, "done", sessionId, 0), 1);
                }
                int expected = sentWhileAway;
                await().atMost(WAIT).until(() -> http.metric("limber_device_events_accepted_total", "type=\"done\"") == expected);
                await().atMost(WAIT).until(() -> http.metric("limber_device_messages_rejected_total",
                        "reason=\"duplicate\",topic=\"events\"") == expected);
                Http.Response history = http.get("/api/history/sessions/" + sessionId);
                assertEquals(expected, history.json().get("events").size());
                assertTrue(engineWasAway, "the events were published before the engine reconnected");
            }
        }
    }

    @Test
    void engineRecoversFromABrokerCrashOnItsOriginalTimeline() throws Exception {
        try (MosquittoBroker mosquitto = new MosquittoBroker();
             EngineFixture fx = EngineFixture.external(mosquitto.url())) {
            Http http = new Http(fx.api());
            Http.Response started = http.post("/api/zones/" + ZONE + "/session",
                    "{\"routineId\":\"lower-back-relief\",\"holdSeconds\":20}");
            assertEquals(201, started.status(), started.body());
            JsonNode before = started.json();
            String sessionId = before.get("sessionId").asText();
            long e = before.get("effectiveAt").asLong();

            mosquitto.kill();
            mosquitto.start();
            await().atMost(WAIT).until(() -> http.metric("limber_mqtt_reconnects_total", "") >= 1);

            try (MqttProbe probe = fx.connect("watch-r", "watch", ZONE).subscribe("limber/v1/zones/" + ZONE + "/#")) {
                await().atMost(WAIT).until(() -> probe.on(Topics.session(ZONE)).stream()
                        .anyMatch(m -> sessionId.equals(m.json().path("sessionId").asText())));
                JsonNode after = probe.on(Topics.session(ZONE)).get(0).json();
                assertEquals(before.get("anchors"), after.get("anchors"), "the timeline did not move");

                probe.publish(Topics.deviceEvents("watch-r"), EngineEndToEndChecks.event("after-restart", "done", sessionId, 0), 1);
                await().atMost(WAIT).until(() -> {
                    List<MqttProbe.Received> p = probe.on(Topics.progress(ZONE));
                    return !p.isEmpty() && p.get(p.size() - 1).json().get("steps").get(0).get("done").asInt() == 1;
                });

                // the hold starts heard after the outage are those of the plan made before it (its anchors
                // are checked above); which ones depends on how long the reconnect took (Paho waits 1, 2,
                // 4 s between tries)
                Session planned = SessionMessages.parse(after);
                Set<Long> holdStarts = new CueSchedule(0).between(planned, e, e + 600_000).stream()
                        .filter(c -> c.kind() == Cue.Kind.HOLD_START).map(Cue::at).collect(Collectors.toSet());
                await().atMost(WAIT).until(() -> !EngineEndToEndChecks.cues(probe, "hold_start").isEmpty());
                for (JsonNode cue : EngineEndToEndChecks.cues(probe, "hold_start")) {
                    assertTrue(holdStarts.contains(cue.get("at").asLong()),
                            "hold start at " + cue.get("at") + " is one of the original plan's " + holdStarts);
                }
            }
        }
    }
}
