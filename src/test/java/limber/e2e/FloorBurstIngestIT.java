package limber.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.protocol.Topics;
import limber.testing.EngineFixture;
import limber.testing.RawClients;

/**
 * A whole floor at once on the shipped settings: 1,000 watches, each with its own login and
 * connection, each sends 20 QoS 1 events within about a second, under the default per-device limits
 * and logins on. Every event is stored exactly once and none is refused. (How fast is measured in
 * the benchmark, not here.)
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FloorBurstIngestIT {
    private static final Logger LOG = LoggerFactory.getLogger(FloorBurstIngestIT.class);
    private static final int WATCHES = 1_000;
    private static final int EACH = 20;

    @Test
    void aThousandWatchesTwentyEventsEachAllStoredOnce() throws Exception {
        // the admin makes 1,000 logins in a row here; the per-trainer command limit (5/s) is lifted for
        // that setup only, the device limits under test stay as shipped
        try (EngineFixture fx = EngineFixture.embedded("--http.commandsPerSecond=1000",
                "--http.commandBurst=1000")) {
            Http http = new Http(fx.api());
            Http.Response started = http.post("/api/zones/main-floor/session",
                    "{\"routineId\":\"post-workout-cooldown\",\"holdSeconds\":60,\"reps\":4}");
            String sessionId = started.json().get("sessionId").asText();
            EngineEndToEndChecks.awaitStarted(http, "main-floor");

            List<Socket> watches = new ArrayList<>();
            try {
                for (int w = 0; w < WATCHES; w++) {
                    JsonNode login = http.post("/api/devices", "{\"id\":\"floor-" + w + "\",\"role\":\"watch\",\"zone\":\"main-floor\"}")
                            .json();
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", fx.mqttPort), 5_000);
                    s.setSoTimeout(10_000);
                    s.getOutputStream().write(RawClients.connect("floor-" + w, "floor-" + w, login.get("secret").asText()));
                    byte[] connack = new byte[4];
                    new DataInputStream(s.getInputStream()).readFully(connack);
                    assertArrayEquals(new byte[] {0x20, 0x02, 0x00, 0x00}, connack, "watch " + w + " logged in");
                    watches.add(s);
                }
                long t0 = System.nanoTime();
                for (int k = 0; k < EACH; k++) {
                    for (int w = 0; w < WATCHES; w++) {
                        String event = EngineEndToEndChecks.event("e" + w + "-" + k, "done", sessionId, 0);
                        OutputStream out = watches.get(w).getOutputStream();
                        out.write(RawClients.publishQos1(Topics.deviceEvents("floor-" + w), event.getBytes(StandardCharsets.UTF_8),
                                k + 1));
                    }
                }
                long sentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                        .until(() -> http.metric("limber_device_events_accepted_total", "type=\"done\"") >= WATCHES * EACH);
                long storedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                LOG.info("floor burst of {} events from {} watches: sent in {} ms, all journaled after {} ms", WATCHES * EACH,
                        WATCHES, sentMs, storedMs);

                JsonNode history = http.get("/api/history/sessions?zone=main-floor").json().get("sessions").get(0);
                assertEquals(sessionId, history.get("session_id").asText());
                assertEquals(WATCHES * EACH, history.get("done").asInt(), "every event stored exactly once");
                assertEquals(0.0, http.metric("limber_device_messages_rejected_total", "reason=\"rate_limited\",topic=\"events\""));
                assertEquals(0.0, http.metric("limber_broker_refusals_total", "kind=\"publish\",reason=\"rate_limited\""));
                assertEquals(0.0, http.metric("limber_device_messages_rejected_total", "reason=\"busy\",topic=\"events\""));
            } finally {
                for (Socket s : watches) {
                    s.close();
                }
            }
        }
    }
}
