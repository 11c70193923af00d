package limber.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import limber.protocol.Topics;
import limber.security.Credential;
import limber.security.PasswordHash;
import limber.testing.DeviceConfig;
import limber.testing.EngineFixture;
import limber.testing.MqttProbe;
import limber.testing.PahoOptions;

/**
 * Device identity on a broker (subclasses: embedded Moquette with its authenticator, Mosquitto with
 * the shipped config and files generated from the same devices.yaml): unknown clients are refused,
 * watches write only their own topics, displays write nothing but their presence and clock pings,
 * and the engine still does its job.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
abstract class AccessControlChecks {
    static final String PASSWORD = "device-password-1";
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path configDir;
    EngineFixture fx;

    /** Starts the broker (if external) and the engine with {@code configDir}. */
    abstract EngineFixture startEngine(List<Credential> devices) throws Exception;

    @AfterEach
    void down() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    static List<Credential> devices() {
        String h = PasswordHash.hash(PASSWORD);
        return List.of(new Credential("display-1", "display", "main-floor", h),
                new Credential("watch-1", "watch", "main-floor", h),
                new Credential("watch-2", "watch", "main-floor", h),
                new Credential("tablet-1", "trainer", null, h),
                new Credential("engine-1", "engine", null, h));
    }

    void writeConfig(List<Credential> devices) throws Exception {
        DeviceConfig.write(configDir, devices);
    }

    MqttProbe login(String user, String password) throws MqttException {
        return new MqttProbe(fx.brokerUrl, user + "-" + System.nanoTime(), user, password);
    }

    @Test
    void unknownClientsAreRefused() throws Exception {
        fx = startEngine(devices());
        assertThrows(MqttException.class, () -> login("nobody", PASSWORD));
        assertThrows(MqttException.class, () -> login("watch-1", "wrong-password"));
        assertThrows(MqttException.class, () -> new MqttProbe(fx.brokerUrl), "anonymous");
        login("watch-1", PASSWORD).close();
    }

    @Test
    void watchesAndDisplaysWriteOnlyWhatIsTheirs() throws Exception {
        fx = startEngine(devices());
        Http http = new Http(fx.api());
        String sessionId = http.post("/api/zones/main-floor/session", "{\"routineId\":\"beginner\"}").json()
                .get("sessionId").asText();
        try (MqttProbe tablet = login("tablet-1", PASSWORD).subscribe("limber/v1/zones/main-floor/#");
             MqttProbe display = login("display-1", PASSWORD).subscribe("limber/v1/zones/main-floor/#")) {
            await().atMost(WAIT).until(() -> !display.on(Topics.session("main-floor")).isEmpty());

            forbidden("watch-1", Topics.deviceEvents("watch-2"), EngineEndToEndChecks.event("forged", "done", sessionId, 0));
            forbidden("watch-1", Topics.session("main-floor"), "{\"forged\":true}");
            forbidden("watch-1", Topics.cue("main-floor"), "{\"forged\":true}");
            forbidden("display-1", Topics.deviceEvents("display-1"), EngineEndToEndChecks.event("d", "done", sessionId, 0));
            forbidden("display-1", Topics.alerts("main-floor"), "{\"forged\":true}");
            forbidden("tablet-1", Topics.cue("main-floor"), "{\"forged\":true}");

            try (MqttProbe watch = login("watch-1", PASSWORD)) {
                watch.publish(Topics.deviceEvents("watch-1"), EngineEndToEndChecks.event("legit", "done", sessionId, 0), 1);
            }
            await().atMost(WAIT).until(() -> http.metric("limber_device_events_accepted_total", "type=\"done\"") == 1);
            Http.Response history = http.get("/api/history/sessions/" + sessionId);
            assertEquals(1, history.json().get("events").size(), "only the legitimate event got through");
            assertEquals("watch-1", history.json().get("events").get(0).get("device_id").asText());
            await().atMost(WAIT).until(() -> tablet.on(Topics.progress("main-floor")).size() >= 2);
            assertTrue(Stream.of(tablet, display).flatMap(p -> p.received.stream())
                    .noneMatch(r -> r.payload().contains("forged")), "no forged zone message was delivered");
        }
    }

    @Test
    void aDisplaySeesOnlyItsOwnZone() throws Exception {
        fx = startEngine(devices());
        try (MqttProbe display = login("display-1", PASSWORD)) {
            try {
                display.subscribe("limber/v1/zones/studio-b/#");
            } catch (MqttException refusedAtSubscribe) {
                // Moquette refuses the subscription; Mosquitto grants it and delivers nothing
            }
            display.subscribe("limber/v1/zones/main-floor/#");
            await().atMost(WAIT).until(() -> !display.on(Topics.session("main-floor")).isEmpty());
            assertTrue(display.on(Topics.session("studio-b")).isEmpty(), "studio-b is not this display's zone");
        }
    }

    /**
     * MQTT 3.1.1 requires a PUBACK for every QoS 1 publish (MQTT-3.3.5-2): a refused one is
     * acknowledged and dropped. Without that, a watch with Paho's default in-flight window of 10
     * can send nothing after ten mistakes (another device's topic, a zone topic, a typo).
     */
    @Test
    void aWatchStillReportsAfterTwentyFiveForbiddenPublishes() throws Exception {
        fx = startEngine(devices());
        Http http = new Http(fx.api());
        String sessionId = http.post("/api/zones/main-floor/session", "{\"routineId\":\"beginner\"}").json()
                .get("sessionId").asText();
        MqttAsyncClient watch = new MqttAsyncClient(fx.brokerUrl, "watch-1-" + System.nanoTime(), new MemoryPersistence());
        try {
            MqttConnectOptions o = PahoOptions.v311(); // Paho's defaults: in-flight window 10
            o.setUserName("watch-1");
            o.setPassword(PASSWORD.toCharArray());
            watch.connect(o).waitForCompletion(10_000);
            List<String> acks = new CopyOnWriteArrayList<>();
            watch.subscribe(Topics.acks("watch-1"), 1,
                    (topic, m) -> acks.add(new String(m.getPayload(), StandardCharsets.UTF_8))).waitForCompletion(10_000);
            List<String> forbidden = List.of(Topics.deviceEvents("watch-2"), Topics.cue("main-floor"),
                    "limber/v1/devices/watch-1/state");
            List<IMqttDeliveryToken> tokens = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                int sent = i;
                // like a watch's outbox: wait for room in the in-flight window (10), which only a PUBACK makes
                await("a PUBACK for one of the first " + sent + " forbidden publishes").atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(5)).until(() -> watch.getInFlightMessageCount() < 10);
                tokens.add(watch.publish(forbidden.get(i % forbidden.size()),
                        "{\"forged\":true}".getBytes(StandardCharsets.UTF_8), 1, false));
            }
            for (IMqttDeliveryToken token : tokens) {
                token.waitForCompletion(5_000);
            }
            for (int qos : List.of(2, 0, 2, 0)) { // QoS 2: PUBREC, then PUBCOMP on its PUBREL; QoS 0: dropped
                watch.publish(Topics.cue("main-floor"), "{\"forged\":true}".getBytes(StandardCharsets.UTF_8), qos, false)
                        .waitForCompletion(5_000);
            }
            watch.publish(Topics.deviceEvents("watch-1"),
                    EngineEndToEndChecks.event("after-25", "done", sessionId, 0).getBytes(StandardCharsets.UTF_8), 1, false);
            await("the application ack of the next valid event").atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                    .until(() -> acks.stream().anyMatch(a -> a.contains("after-25") && a.contains("accepted")));
            assertTrue(watch.isConnected(), "refused publishes do not cost the watch its connection");
            if (fx.mqttPort > 0) { // the embedded broker counts refusals by reason, never by device
                assertEquals(9.0, http.metric("limber_broker_refusals_total", "kind=\"publish\",reason=\"other_device\""));
                assertEquals(12.0, http.metric("limber_broker_refusals_total", "kind=\"publish\",reason=\"engine_only\""));
                assertEquals(8.0, http.metric("limber_broker_refusals_total", "kind=\"publish\",reason=\"unknown_topic\""));
                assertTrue(!http.get("/metrics").body().contains("watch-1"), "no device id in any metric");
            }
        } finally {
            watch.disconnectForcibly(1000);
            watch.close(true);
        }
    }

    /** Both brokers acknowledge a refused QoS 1 publish and drop it; the callers check nothing got through. */
    private void forbidden(String user, String topic, String payload) throws Exception {
        try (MqttProbe p = login(user, PASSWORD)) {
            p.client().setTimeToWait(5_000);
            p.publish(topic, payload, 1);
        }
    }
}
