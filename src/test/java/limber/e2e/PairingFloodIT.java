package limber.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.testing.EngineFixture;
import limber.testing.FastConfig;
import limber.testing.MqttProbe;
import limber.testing.StallMeter;

/**
 * Someone on the gym network hammers the open pairing endpoint, and an admin's tablet (or a script
 * with a stolen admin login) guesses codes, for at least 6 s while two zones run short holds. The
 * flood is refused with 429 (5 codes per address, then one a minute; wrong codes limited per trainer),
 * every refusal is JSON, and every cue that falls due meanwhile is published on time and reaches a
 * subscriber before its instant. Logins on.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PairingFloodIT {
    private static final long FLOOD_MS = 6_000;
    private static final StallMeter STALLS = new StallMeter();

    @Test
    void aPairingFloodIsRefusedAndCuesStayOnTime() throws Exception {
        try (EngineFixture fx = EngineFixture.embedded("--config-dir=" + FastConfig.dir())) {
            Http http = new Http(fx.api());
            JsonNode observer = http.post("/api/devices", "{\"role\":\"observer\",\"name\":\"flood watcher\"}").json();
            try (MqttProbe cues = new MqttProbe(fx.brokerUrl, "cues", observer.get("id").asText(),
                    observer.get("secret").asText()).subscribe("limber/v1/zones/+/cue")) {
                http.post("/api/zones/main-floor/session", "{\"routineId\":\"post-workout-cooldown\",\"holdSeconds\":3,\"reps\":2}");
                http.post("/api/zones/studio-b/session", "{\"routineId\":\"beginner\",\"holdSeconds\":3,\"reps\":2}");
                EngineEndToEndChecks.awaitStarted(http, "main-floor");
                EngineEndToEndChecks.awaitStarted(http, "studio-b");

                Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                long floodStart = System.currentTimeMillis();
                List<Thread> flooders = List.of(
                        flood(() -> {
                            // a granted code keeps its response open: read the status, then hang up
                            HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(fx.api() + "/api/pairing"))
                                    .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                                    HttpResponse.BodyHandlers.ofInputStream());
                            r.body().close();
                            return r.statusCode();
                        }, floodStart, statuses),
                        flood(() -> http.post("/api/pairing/AAAAAA/approve",
                                "{\"role\":\"display\",\"zone\":\"main-floor\",\"name\":\"x\"}").status(), floodStart, statuses));
                for (Thread t : flooders) {
                    t.join(60_000);
                }
                long floodEnd = System.currentTimeMillis();

                System.out.println("[pairing flood] answers by HTTP status over " + (floodEnd - floodStart) + " ms: " + statuses);
                int refused = statuses.getOrDefault(429, new AtomicInteger()).get();
                assertTrue(refused > 100, "the flood was refused: " + statuses);
                // 5 codes for this address; the first few wrong codes are plain 404s until the trainer's budget is spent
                assertTrue(statuses.getOrDefault(200, new AtomicInteger()).get() <= 5, "codes handed out: " + statuses);
                assertTrue(statuses.getOrDefault(404, new AtomicInteger()).get() <= 10, "wrong codes checked: " + statuses);
                assertEquals("too_many_requests", http.post("/api/pairing", "").json().get("error").asText());

                long bound = fx.engine.settings().engine().limits().maxLatenessMs() + STALLS.worstMs(floodStart, floodEnd);
                EngineEndToEndChecks.cuesOnTimeDuring(cues, fx, floodStart, floodEnd, bound, 4);
                assertEquals(200, http.get("/health").status(), http.get("/health").body());
            }
        }
    }

    private interface Call {
        int status() throws Exception;
    }

    private static Thread flood(Call call, long start, Map<Integer, AtomicInteger> statuses) {
        Thread t = new Thread(() -> {
            while (System.currentTimeMillis() - start < FLOOD_MS) {
                try {
                    statuses.computeIfAbsent(call.status(), s -> new AtomicInteger()).incrementAndGet();
                } catch (Exception e) {
                    statuses.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
                }
            }
        }, "pairing-flood");
        t.start();
        return t;
    }
}
