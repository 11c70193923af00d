package limber.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.protocol.Topics;
import limber.testing.DeviceLogin;
import limber.testing.EngineFixture;
import limber.testing.MqttProbe;

/**
 * A zone's sound from the tablet: the default until someone changes it, a change stored and published
 * retained (a display that connects later hears it at once), clear 400s for bad input, each counted,
 * and no change without a trainer login.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SoundApiIT {
    private static final String PATH = "/api/zones/main-floor/sound";

    @Test
    void aTrainerChangesTheZoneSoundAndEveryDisplayHearsItRetained() throws Exception {
        try (EngineFixture fx = EngineFixture.embedded()) {
            Http trainer = new Http(fx.api());
            Http.Response first = trainer.get(PATH);
            assertEquals(200, first.status(), first.body());
            assertEquals("voice", first.json().get("mode").asText());
            assertEquals(80, first.json().get("volume").asInt());

            Http.Response changed = trainer.post(PATH, "{\"mode\":\"tones\",\"volume\":35}");
            assertEquals(200, changed.status(), changed.body());
            assertEquals("tones", changed.json().get("mode").asText());
            assertEquals(Http.TRAINER, changed.json().get("changedBy").asText());
            Http.Response louder = trainer.post(PATH, "{\"volume\":60}");
            assertEquals("tones", louder.json().get("mode").asText(), "a field left out is kept");
            assertEquals(60, louder.json().get("volume").asInt());

            DeviceLogin display = fx.logins().device("display-sound-1", "display", "main-floor");
            try (MqttProbe screen = new MqttProbe(fx.brokerUrl, display).subscribe(Topics.sound("main-floor"))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> screen.on(Topics.sound("main-floor")).stream()
                        .anyMatch(m -> m.json().path("volume").asInt() == 60 && "tones".equals(m.json().path("mode").asText())));
            }

            assertRefused(trainer.post(PATH, "{\"mode\":\"loud\"}"), "bad_mode");
            assertRefused(trainer.post(PATH, "{\"volume\":101}"), "bad_volume");
            assertRefused(trainer.post(PATH, "{\"volume\":\"60\"}"), "bad_volume");
            assertRefused(trainer.post(PATH, "{\"volume\":2.5}"), "bad_volume");
            assertRefused(trainer.post(PATH, "{\"volum\":60}"), "unknown_field");
            assertRefused(trainer.post(PATH, "{}"), "empty_change");
            assertRefused(trainer.post(PATH, "[1]"), "bad_json");
            assertEquals(404, trainer.post("/api/zones/nowhere/sound", "{\"mode\":\"off\"}").status());
            assertEquals(401, new Http(fx.api(), null, null).post(PATH, "{\"mode\":\"off\"}").status());
            assertEquals(60, trainer.get(PATH).json().get("volume").asInt(), "nothing refused was applied");

            String metrics = trainer.get("/metrics").body();
            assertTrue(metrics.contains("limber_api_requests_rejected_total{reason=\"bad_volume\",route=\"sound\"} 3.0"),
                    metrics.lines().filter(l -> l.contains("rejected")).toList().toString());
        }
    }

    private static void assertRefused(Http.Response r, String code) {
        assertEquals(400, r.status(), r.body());
        assertEquals(code, r.json().get("error").asText(), r.body());
        assertTrue(r.json().get("message").asText().length() > 10, r.body());
    }
}
