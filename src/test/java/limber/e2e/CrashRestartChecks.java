package limber.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.protocol.Topics;
import limber.testing.DeviceClients;
import limber.testing.EngineProcess;
import limber.testing.MqttProbe;

/**
 * The engine JVM is SIGKILLed in the middle of a hold while watches are reporting, then started
 * again on the same data. Nothing acknowledged may be lost, nothing counted twice, and the session
 * must carry on exactly where its timeline says it is.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class CrashRestartChecks {
    private static final String ZONE = EngineEndToEndChecks.ZONE;
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final int WATCHES = 20;

    /** Extra engine arguments that choose the store. */
    abstract String[] storeArgs() throws Exception;

    @Test
    void sigkillMidHoldLosesNothingAndResumesOnTheOriginalTimeline() throws Exception {
        try (EngineProcess engine = new EngineProcess(storeArgs())) {
            engine.start();
            Http http = new Http(engine.api());
            Http.Response started = http.post("/api/zones/" + ZONE + "/session",
                    "{\"routineId\":\"lower-back-relief\",\"holdSeconds\":20}");
            assertEquals(201, started.status(), started.body());
            JsonNode session = started.json();
            String sessionId = session.get("sessionId").asText();
            EngineEndToEndChecks.awaitStarted(http, ZONE);

            Set<String> acked = ConcurrentHashMap.newKeySet();
            List<String> sent = new ArrayList<>();
            long lastCueBeforeKill;
            try (MqttProbe watches = engine.observer().subscribe("limber/v1/devices/+/acks")
                    .subscribe(Topics.cue(ZONE));
                 DeviceClients devices = new DeviceClients(engine.brokerUrl(), engine.logins().watches("watch-", WATCHES, ZONE))) {
                for (int k = 0; k < 10; k++) {
                    for (int w = 0; w < WATCHES; w++) {
                        sent.add(send(devices.get(w), w, k, sessionId));
                    }
                }
                await().atMost(WAIT).until(() -> ackedIds(watches, acked).size() == sent.size());
                await().atMost(WAIT).until(() -> !EngineEndToEndChecks.cues(watches, "hold_start").isEmpty());
                // mid-hold now; keep reporting and pull the plug part-way through
                for (int k = 10; k < 20; k++) {
                    for (int w = 0; w < WATCHES; w++) {
                        sent.add(send(devices.get(w), w, k, sessionId));
                    }
                    if (k == 14) {
                        engine.kill();
                        break;
                    }
                }
                ackedIds(watches, acked);
                lastCueBeforeKill = watches.on(Topics.cue(ZONE)).stream()
                        .mapToLong(r -> r.json().get("at").asLong()).max().orElseThrow();
            } catch (MqttException expectedWhenTheBrokerDies) {
                lastCueBeforeKill = -1;
                engine.kill();
            }
            Set<String> ackedBeforeKill = new HashSet<>(acked);
            assertTrue(ackedBeforeKill.size() >= 200, "the first batch was acknowledged before the kill");

            engine.start();
            // the same logins as before the kill: they were saved with the journal
            try (MqttProbe watches = engine.observer().subscribe("limber/v1/devices/+/acks")
                    .subscribe("limber/v1/zones/" + ZONE + "/#");
                 DeviceClients devices = new DeviceClients(engine.brokerUrl(), engine.logins().watches("watch-", WATCHES, ZONE))) {
                await().atMost(WAIT).until(() -> watches.on(Topics.session(ZONE)).stream()
                        .anyMatch(m -> sessionId.equals(m.json().path("sessionId").asText())));
                JsonNode resumed = watches.on(Topics.session(ZONE)).get(0).json();
                assertEquals(session.get("anchors"), resumed.get("anchors"), "resumed on the original timeline");

                // devices resend everything they have no ack for, and some they do (a redelivery)
                Set<String> all = new HashSet<>(sent);
                Set<String> resent = new HashSet<>();
                for (int k = 0; k < 20; k++) {
                    for (int w = 0; w < WATCHES; w++) {
                        String id = "w" + w + "-" + k;
                        if (!ackedBeforeKill.contains(id) || k % 3 == 0) {
                            resent.add(send(devices.get(w), w, k, sessionId));
                        }
                    }
                }
                all.addAll(resent);
                Set<String> ackedNow = ConcurrentHashMap.newKeySet();
                try {
                    await().atMost(WAIT).until(() -> ackedIds(watches, ackedNow).containsAll(resent));
                } catch (ConditionTimeoutException e) {
                    Set<String> missing = new HashSet<>(resent);
                    missing.removeAll(ackedNow);
                    throw new AssertionError("no ack for " + missing.size() + " of " + resent.size() + ": " + missing
                            + "; metrics: " + http.get("/metrics").body().lines()
                            .filter(l -> l.startsWith("limber_device")).toList());
                }

                Http.Response history = http.get("/api/history/sessions/" + sessionId);
                assertEquals(200, history.status(), history.body());
                List<String> stored = new ArrayList<>();
                history.json().get("events").forEach(e -> stored.add(e.get("event_id").asText()));
                assertEquals(all.size(), stored.size(), "each event stored exactly once");
                assertEquals(all, new HashSet<>(stored));
                assertTrue(stored.containsAll(ackedBeforeKill), "every acknowledged completion survived the kill");

                await().atMost(WAIT).until(() -> {
                    List<MqttProbe.Received> p = watches.on(Topics.progress(ZONE));
                    if (p.isEmpty()) {
                        return false;
                    }
                    int done = 0;
                    for (JsonNode s : p.get(p.size() - 1).json().get("steps")) {
                        done += s.get("done").asInt();
                    }
                    return done == WATCHES; // each watch once for the step that was running
                });
                // participants: the restarted engine counts them as the history does, per session
                List<MqttProbe.Received> progress = watches.on(Topics.progress(ZONE));
                assertEquals(WATCHES, progress.get(progress.size() - 1).json().get("participants").asInt(), "live, after the kill");
                JsonNode row = http.get("/api/history/sessions?zone=" + ZONE).json().get("sessions").get(0);
                assertEquals(sessionId, row.get("session_id").asText());
                assertEquals(WATCHES, row.get("participants").asInt(), "in the history");

                Set<Long> planned = plannedInstants(session);
                await().atMost(WAIT).until(() -> !watches.on(Topics.cue(ZONE)).isEmpty());
                for (MqttProbe.Received cue : watches.on(Topics.cue(ZONE))) {
                    long at = cue.json().get("at").asLong();
                    assertTrue(planned.contains(at), "cue at " + at + " is not where the plan puts a boundary");
                    assertTrue(at > lastCueBeforeKill, "cue at " + at + " was already sent before the kill");
                }
            }
        }
    }

    /** Watch {@code w}'s k-th completion, through that watch's own connection. */
    private static String send(MqttProbe watch, int w, int k, String sessionId) throws Exception {
        String id = "w" + w + "-" + k;
        watch.publish(Topics.deviceEvents("watch-" + w), EngineEndToEndChecks.event(id, "done", sessionId, 0), 1);
        return id;
    }

    private static Set<String> ackedIds(MqttProbe probe, Set<String> into) {
        for (MqttProbe.Received r : probe.received) {
            if (r.topic().endsWith("/acks")) {
                into.add(r.json().get("eventId").asText());
            }
        }
        return into;
    }

    /** Every phase boundary and 5-second warning of the original plan, from its first anchor. */
    private static Set<Long> plannedInstants(JsonNode session) {
        Set<Long> out = new HashSet<>();
        long t = session.get("anchors").get(0).get("at").asLong();
        for (JsonNode p : session.get("phases")) {
            long end = t + p.get("durationMs").asLong();
            out.add(t);
            out.add(end - 5_000);
            out.add(end);
            t = end;
        }
        return out;
    }
}
