package limber.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.testing.EngineFixture;

/** Control needs a trainer login and is rate limited per trainer; pages may still fetch their config. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApiAuthIT {
    private static final String PAUSE = "/api/zones/main-floor/session/pause";

    @Test
    void controlAndReadsNeedATrainerLogin() throws Exception {
        try (EngineFixture fx = EngineFixture.embedded()) {
            Http anonymous = new Http(fx.api(), null, null);
            Http wrong = new Http(fx.api(), "admin", "not-the-password");
            Http intruder = new Http(fx.api(), "mallory", EngineFixture.TRAINER_PASSWORD);
            Http trainer = new Http(fx.api());
            String start = "{\"routineId\":\"beginner\"}";
            assertEquals(401, anonymous.post("/api/zones/main-floor/session", start).status());
            assertEquals(401, wrong.post("/api/zones/main-floor/session", start).status());
            assertEquals(401, intruder.post("/api/zones/main-floor/session", start).status());
            assertEquals(401, anonymous.get("/api/zones").status());
            assertEquals(401, anonymous.get("/api/history/sessions").status());
            assertEquals(200, anonymous.get("/api/client-config").status(), "pages need no login for their config");
            assertEquals(201, trainer.post("/api/zones/main-floor/session", start).status());
            assertEquals(200, trainer.get("/api/zones").status());
        }
    }

    @Test
    void commandsBeyondTheRateAreRefusedWith429() throws Exception {
        try (EngineFixture fx = EngineFixture.embedded("--http.commandsPerSecond=1", "--http.commandBurst=3")) {
            Http trainer = new Http(fx.api());
            assertEquals(201, trainer.post("/api/zones/main-floor/session", "{\"routineId\":\"beginner\"}").status());
            int limited = 0;
            for (int i = 0; i < 6; i++) {
                Http.Response r = trainer.post(PAUSE, "");
                if (r.status() == 429) {
                    limited++;
                    assertEquals("too_many_commands", r.json().get("error").asText());
                }
            }
            assertTrue(limited >= 3, "a burst of 3 then 1/s: most of 6 quick commands are refused, got " + limited);
        }
    }
}
