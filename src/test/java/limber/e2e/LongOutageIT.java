package limber.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.protocol.Topics;
import limber.testing.EngineProcess;
import limber.testing.MqttProbe;

/** Away longer than the grace period: the restored session waits, paused, for the trainer. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LongOutageIT {
    @Test
    void afterALongOutageTheSessionIsPausedForTheTrainer() throws Exception {
        try (EngineProcess engine = new EngineProcess("--store.resumeGraceSeconds=0")) {
            engine.start();
            Http http = new Http(engine.api());
            String sessionId = http.post("/api/zones/main-floor/session", "{\"routineId\":\"beginner\"}").json()
                    .get("sessionId").asText();
            engine.kill();
            engine.start();
            try (MqttProbe probe = engine.connect("display-1", "display", "main-floor").subscribe(Topics.session("main-floor"))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    JsonNode last = probe.on(Topics.session("main-floor")).isEmpty() ? null
                            : probe.on(Topics.session("main-floor")).get(probe.on(Topics.session("main-floor")).size() - 1).json();
                    return last != null && sessionId.equals(last.path("sessionId").asText())
                            && "paused".equals(last.get("anchors").get(last.get("anchors").size() - 1).get("status").asText());
                });
            }
            assertEquals(200, http.post("/api/zones/main-floor/session/resume", "").status(), "the trainer decides");
        }
    }
}
