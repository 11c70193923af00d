package limber.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import limber.protocol.Topics;
import limber.security.Credential;
import limber.security.PasswordHash;
import limber.testing.EngineFixture;
import limber.testing.MqttProbe;

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
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("limber.config.dir", "config")))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, configDir.resolve(f.getFileName()));
            }
        }
        StringBuilder yaml = new StringBuilder("devices:\n");
        for (Credential d : devices) {
            yaml.append("  - id: \"").append(d.name()).append("\"\n    role: \"").append(d.role()).append("\"\n");
            if (d.zone() != null) {
                yaml.append("    zone: \"").append(d.zone()).append("\"\n");
            }
            yaml.append("    hash: \"").append(d.hash()).append("\"\n");
        }
        Files.writeString(configDir.resolve("devices.yaml"), yaml.toString());
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

    private void forbidden(String user, String topic, String payload) throws Exception {
        try (MqttProbe p = login(user, PASSWORD)) {
            p.client().setTimeToWait(2_000);
            p.publish(topic, payload, 1);
        } catch (MqttException refused) {
            // Moquette never acknowledges a refused QoS 1 publish (the call times out), others may
            // drop the client; either way nothing must get through, which the callers check
        }
    }
}
