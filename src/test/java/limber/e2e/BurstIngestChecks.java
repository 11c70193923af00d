package limber.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.protocol.Topics;
import limber.testing.DeviceLogin;
import limber.testing.EngineFixture;
import limber.testing.PahoOptions;

/**
 * 20 watches send 1,000 QoS 1 completion events each as fast as they can (about a second). Every
 * one must end up in the history exactly once.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
abstract class BurstIngestChecks {
    private static final Logger LOG = LoggerFactory.getLogger(BurstIngestChecks.class);
    private static final int WATCHES = 20;
    private static final int EACH = 1000;

    EngineFixture fx;

    abstract EngineFixture startEngine() throws Exception;

    /**
     * A real watch sends a handful of events per session; here each simulated watch stands for a
     * whole class behind one gateway, so the per-device flood guard (FloodIT) is opened up and
     * the test measures the ingest pipeline itself: broker, acks, journal.
     */
    static final String[] PIPELINE_LIMITS = {"--limits.deviceMessagesPerSecond=5000", "--limits.deviceMessageBurst=5000"};

    /** Login for watch {@code w}: made through the admin API, unless the broker has its own password file. */
    String[] login(int w) {
        DeviceLogin l = fx.device("watch-" + w, "watch", EngineEndToEndChecks.ZONE);
        return new String[] {l.username(), l.password()};
    }

    @AfterEach
    void down() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void twentyThousandEventsNoneLostNoneDoubled() throws Exception {
        fx = startEngine();
        Http http = new Http(fx.api());
        Http.Response started = http.post("/api/zones/" + EngineEndToEndChecks.ZONE + "/session",
                "{\"routineId\":\"post-workout-cooldown\",\"holdSeconds\":60,\"reps\":4}");
        assertEquals(201, started.status(), started.body());
        String sessionId = started.json().get("sessionId").asText();
        EngineEndToEndChecks.awaitStarted(http, EngineEndToEndChecks.ZONE);

        List<MqttAsyncClient> watches = new ArrayList<>();
        for (int w = 0; w < WATCHES; w++) {
            MqttAsyncClient c = new MqttAsyncClient(fx.brokerUrl, "burst-watch-" + w, new MemoryPersistence());
            MqttConnectOptions o = PahoOptions.v311();
            o.setMaxInflight(EACH);
            o.setCleanSession(true);
            String[] login = login(w);
            o.setUserName(login[0]);
            o.setPassword(login[1].toCharArray());
            c.connect(o).waitForCompletion(10_000);
            watches.add(c);
        }
        long t0 = System.nanoTime();
        List<IMqttDeliveryToken> tokens = new ArrayList<>();
        for (int k = 0; k < EACH; k++) {
            for (int w = 0; w < WATCHES; w++) {
                String event = EngineEndToEndChecks.event("b" + w + "-" + k, "done", sessionId, 0);
                tokens.add(watches.get(w).publish(Topics.deviceEvents("watch-" + w),
                        event.getBytes(StandardCharsets.UTF_8), 1, false));
            }
        }
        long sentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        await().atMost(Duration.ofSeconds(120)).until(() -> tokens.stream().allMatch(IMqttDeliveryToken::isComplete));
        long brokerAckedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250))
                .until(() -> http.metric("limber_device_events_accepted_total", "type=\"done\"") >= WATCHES * EACH);
        long journaledMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        LOG.info("burst of {} events: published in {} ms, acknowledged by the broker after {} ms, all journaled after {} ms",
                WATCHES * EACH, sentMs, brokerAckedMs, journaledMs);

        JsonNode history = http.get("/api/history/sessions?zone=" + EngineEndToEndChecks.ZONE).json().get("sessions").get(0);
        assertEquals(sessionId, history.get("session_id").asText());
        assertEquals(WATCHES * EACH, history.get("done").asInt(), "every event stored exactly once");
        assertEquals(WATCHES * EACH, (int) http.metric("limber_device_events_accepted_total", "type=\"done\""));
        assertEquals(0.0, http.metric("limber_device_messages_rejected_total", "reason=\"duplicate\",topic=\"events\""));
        for (MqttAsyncClient c : watches) {
            c.disconnect().waitForCompletion(5_000);
            c.close();
        }
    }
}
