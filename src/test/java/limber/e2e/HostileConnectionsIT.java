package limber.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import limber.config.ConfigLoader;
import limber.protocol.Topics;
import limber.security.Credential;
import limber.security.PasswordHash;
import limber.testing.DeviceConfig;
import limber.testing.EngineProcess;
import limber.testing.MqttProbe;
import limber.testing.RawClients;

/**
 * 200 hostile connections to the embedded broker (junk bytes, packets announcing 1 MB, wrong
 * passwords) in one burst just before a cue is due, with logins on and default limits. The engine
 * runs as its own process so its log is exactly what an operator would read: a handful of
 * one-line warnings, no stack trace, and every cue still reaches a display before its instant.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileConnectionsIT {
    private static final String PASSWORD = "device-password-1";
    private static final int HOSTILE = 200;
    private static final int MAX_LOG_LINES = 50;

    @TempDir
    Path configDir;

    @Test
    void twoHundredHostileConnectionsCostAFewLogLinesAndNoLateCue() throws Exception {
        String h = PasswordHash.hash(PASSWORD);
        DeviceConfig.write(configDir, List.of(new Credential("display-1", "display", "main-floor", h),
                new Credential("watch-1", "watch", "main-floor", h)));
        long prepareMs = ConfigLoader.load(new String[] {"--config-dir=" + configDir}, Map.of()).holdPolicy()
                .prepareSeconds() * 1000L;
        try (EngineProcess engine = new EngineProcess("--config-dir=" + configDir).start();
             MqttProbe display = new MqttProbe(engine.brokerUrl(), "display-1-" + System.nanoTime(), "display-1", PASSWORD)
                     .subscribe(Topics.cue("main-floor"))) {
            Http http = new Http(engine.api());
            Http.Response started = http.post("/api/zones/main-floor/session",
                    "{\"routineId\":\"beginner\",\"holdSeconds\":20,\"reps\":2}");
            assertEquals(201, started.status(), started.body());
            long holdStart = started.json().get("effectiveAt").asLong() + prepareMs;
            await().atMost(Duration.ofSeconds(10)).until(() -> !display.on(Topics.cue("main-floor")).isEmpty());

            List<byte[]> hostile = new ArrayList<>();
            for (int i = 0; i < HOSTILE; i++) {
                hostile.add(switch (i % 3) {
                    case 0 -> RawClients.junk(i);
                    case 1 -> RawClients.announcesOneMegabyte();
                    default -> RawClients.connect("intruder-" + i, "watch-1", "wrong-password-" + i);
                });
            }
            // the burst lands just before the hold_start cue is published (its advance before its instant)
            long fireAt = holdStart - 150 - 250;
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2))
                    .until(() -> System.currentTimeMillis() >= fireAt);
            long logBefore = Files.size(engine.log());
            List<byte[]> answers = RawClients.sendAll(engine.mqttPort, hostile, 15_000);
            for (int i = 0; i < answers.size(); i++) {
                String a = new String(answers.get(i), StandardCharsets.ISO_8859_1);
                assertTrue(!a.contains("(still open)"), "hostile connection " + i + " was closed by the broker");
            }

            List<String> lines = newLines(engine.log(), logBefore);
            assertTrue(lines.size() <= MAX_LOG_LINES, lines.size() + " log lines for " + HOSTILE
                    + " hostile connections (at most " + MAX_LOG_LINES + "), the first ones:\n"
                    + String.join("\n", lines.subList(0, Math.min(60, lines.size()))));
            for (String line : lines) {
                assertTrue(!line.startsWith("\tat ") && !line.startsWith("Caused by:") && !line.matches("^\\s+\\.\\.\\. \\d+ .*"),
                        "no stack trace in the log: " + line);
            }
            System.out.println("HostileConnectionsIT: " + lines.size() + " log lines for " + HOSTILE
                    + " hostile connections:\n" + String.join("\n", lines));

            await().atMost(Duration.ofSeconds(10)).until(() -> cues(display).stream()
                    .anyMatch(c -> c.json().get("kind").asText().equals("hold_start")));
            for (MqttProbe.Received cue : cues(display)) {
                JsonNode j = cue.json();
                long at = j.get("at").asLong();
                assertTrue(cue.arrivedAt() <= at, j.get("kind").asText() + " cue arrived " + (cue.arrivedAt() - at)
                        + " ms after its instant");
            }
            assertEquals(67.0, http.metric("limber_broker_refusals_total", "kind=\"frame\",reason=\"malformed\""));
            assertEquals(67.0, http.metric("limber_broker_refusals_total", "kind=\"frame\",reason=\"oversized\""));
            assertEquals(66.0, http.metric("limber_broker_refusals_total", "kind=\"login\",reason=\"wrong_password\"")
                    + http.metric("limber_broker_refusals_total", "kind=\"login\",reason=\"check_budget_spent\""));


        }
    }

    private static List<MqttProbe.Received> cues(MqttProbe display) {
        return display.on(Topics.cue("main-floor"));
    }

    private static List<String> newLines(Path log, long from) throws Exception {
        byte[] all = Files.readAllBytes(log);
        String added = new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8);
        return added.isEmpty() ? List.of() : List.of(added.split("\n"));
    }
}
