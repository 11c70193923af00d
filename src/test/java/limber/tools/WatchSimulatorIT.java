package limber.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.protocol.Topics;
import limber.protocol.Wire;
import limber.security.Credential;
import limber.security.PasswordHash;
import limber.testing.DeviceConfig;
import limber.testing.DeviceLogins;
import limber.testing.EngineFixture;
import limber.testing.MqttProbe;

/**
 * The simulator joins a zone as N watches, shows up online, and every watch's done is counted once.
 * Logins on, as shipped: the simulated watches are devices.yaml entries sharing one password, the way
 * scripts/watch-sim.sh documents it (WATCH_SIM_KEY).
 */
@Timeout(60)
class WatchSimulatorIT {
    private static final String KEY = "shared-sim-key";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void fiveWatchesReportEveryStep() throws Exception {
        String hash = PasswordHash.hash(KEY);
        List<Credential> watches = IntStream.rangeClosed(1, 5)
                .mapToObj(i -> new Credential("sim-" + i, "watch", "main-floor", hash)).toList();
        Path configDir = DeviceConfig.write(Files.createTempDirectory("limber-sim-config"), watches);
        try (EngineFixture engine = EngineFixture.embedded("--config-dir=" + configDir);
             MqttProbe probe = engine.observer().subscribe(Topics.DEVICE_STATUS_FILTER);
             WatchSimulator sim = new WatchSimulator(new SimulatorOptions(engine.brokerUrl, "main-floor", 5,
                     "sim", SimulatorOptions.Report.START, 50, KEY)).start()) {
            Awaitility.await("watches online").atMost(Duration.ofSeconds(10)).until(() -> sim.deviceIds().stream()
                    .allMatch(id -> probe.on(Topics.deviceStatus(id)).stream()
                            .anyMatch(r -> r.json().get("state").asText().equals("online"))));
            post(engine, "/api/zones/main-floor/session", "{\"routineId\":\"beginner\",\"holdSeconds\":20}");
            Awaitility.await("step 1 done by all").atMost(Duration.ofSeconds(10)).until(() -> done(engine, 0) == 5);
            post(engine, "/api/zones/main-floor/session/skip", null);
            Awaitility.await("step 2 done by all").atMost(Duration.ofSeconds(10)).until(() -> done(engine, 1) == 5);
            Awaitility.await("all acknowledged").atMost(Duration.ofSeconds(5)).until(() -> sim.acked() == 10);
            assertEquals(10, sim.sent());
            JsonNode state = get(engine, "/api/zones/main-floor");
            assertEquals(5, state.get("participants").asInt());
            assertEquals(0, state.get("progress").get("steps").get(2).get("done").asInt(), "nothing for a step not reached");
        }
    }

    private int done(EngineFixture engine, int step) throws Exception {
        JsonNode p = get(engine, "/api/zones/main-floor").get("progress");
        return p == null ? 0 : p.get("steps").get(step).get("done").asInt();
    }

    private static final String TRAINER = DeviceLogins.TRAINER_AUTHORIZATION;

    private JsonNode get(EngineFixture engine, String path) throws Exception {
        return Wire.JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(engine.api() + path))
                .header("authorization", TRAINER).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private void post(EngineFixture engine, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(engine.api() + path))
                .timeout(Duration.ofSeconds(5)).header("content-type", "application/json").header("authorization", TRAINER)
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(true, r.statusCode() < 300, r.body());
    }
}
