package limber.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.protocol.Topics;
import limber.testing.EngineFixture;
import limber.testing.MqttProbe;

/**
 * One broken watch sends 50,000 events as fast as it can while 20 others report normally. The
 * flooder is cut off at its rate, every normal event counts exactly once, and cue deadlines hold.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FloodIT {
    private static final int FLOOD = 50_000;

    @Test
    void aFloodingWatchHurtsNoOne() throws Exception {
        try (EngineFixture fx = EngineFixture.embedded()) {
            Http http = new Http(fx.api());
            String sessionId = http.post("/api/zones/main-floor/session", "{\"routineId\":\"post-workout-cooldown\"}")
                    .json().get("sessionId").asText();
            http.post("/api/zones/studio-b/session", "{\"routineId\":\"beginner\"}");
            EngineEndToEndChecks.awaitStarted(http, "main-floor");

            MqttAsyncClient flooder = new MqttAsyncClient(fx.brokerUrl, "flooder", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMaxInflight(65_000);
            flooder.connect(o).waitForCompletion(10_000);
            Thread floodThread = new Thread(() -> {
                for (int i = 0; i < FLOOD; i++) {
                    try {
                        flooder.publish(Topics.deviceEvents("watch-flood"),
                                EngineEndToEndChecks.event("f" + i, "done", sessionId, 0).getBytes(StandardCharsets.UTF_8),
                                0, false);
                    } catch (MqttException e) {
                        return; // the broker may cut a flooder off: that is fine too
                    }
                }
            }, "flooder");
            floodThread.start();

            try (MqttProbe watches = new MqttProbe(fx.brokerUrl)) {
                for (int k = 0; k < 10; k++) {
                    for (int w = 0; w < 20; w++) {
                        watches.publish(Topics.deviceEvents("watch-" + w),
                                EngineEndToEndChecks.event("n" + w + "-" + k, "done", sessionId, 0), 1);
                    }
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> !floodThread.isAlive());
            await().atMost(Duration.ofSeconds(60)).until(() -> normalEvents(http, sessionId) == 200);
            double limited = http.metric("limber_device_messages_rejected_total", "reason=\"rate_limited\",topic=\"events\"");
            Map<String, Integer> perDevice = perDevice(http, sessionId);
            for (int w = 0; w < 20; w++) {
                assertEquals(10, perDevice.getOrDefault("watch-" + w, 0), "watch-" + w + " counted exactly once per event");
            }
            int flooderAccepted = perDevice.getOrDefault("watch-flood", 0);
            assertTrue(flooderAccepted < 1_000, "the flooder is held to its rate, got " + flooderAccepted + " through");
            assertTrue(limited > 10_000, "the flood was dropped at the door, " + limited + " rate-limited");
            double worstMs = http.metric("limber_deadline_lateness_seconds_max", "") * 1000;
            int bound = fx.engine.settings().engine().limits().maxLatenessMs();
            assertTrue(worstMs <= bound, "cue lateness " + worstMs + " ms stayed under the " + bound + " ms bound");
            assertEquals(200, http.get("/health").status(), http.get("/health").body());
            flooder.disconnectForcibly(1000);
            flooder.close();
        }
    }

    private static Map<String, Integer> perDevice(Http http, String sessionId) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        for (JsonNode e : http.get("/api/history/sessions/" + sessionId + "?limit=100000").json().get("events")) {
            out.merge(e.get("device_id").asText(), 1, Integer::sum);
        }
        return out;
    }

    private static int normalEvents(Http http, String sessionId) throws Exception {
        return perDevice(http, sessionId).entrySet().stream().filter(e -> !e.getKey().equals("watch-flood"))
                .mapToInt(Map.Entry::getValue).sum();
    }
}
