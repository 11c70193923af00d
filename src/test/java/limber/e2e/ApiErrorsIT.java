package limber.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import limber.testing.EngineFixture;

/** Every API error is JSON with a code and a sentence, the oversized request body too, and none logs an ERROR. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApiErrorsIT {
    @Test
    void anOversizedBodyIsRefusedWith413AsJsonAndLogsNoError() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        try (EngineFixture fx = EngineFixture.embedded()) {
            Http trainer = new Http(fx.api());
            String big = "{\"routineId\":\"beginner\",\"note\":\"" + "x".repeat(5000) + "\"}";
            Http.Response r = trainer.post("/api/zones/main-floor/session", big);
            assertEquals(413, r.status(), r.body());
            assertEquals("application/json", r.contentType());
            assertEquals("body_too_large", r.json().get("error").asText(), r.body());
            assertTrue(r.json().get("message").asText().contains("4096 bytes"), r.body());

            Http.Response bad = trainer.post("/api/zones/main-floor/session", "{\"routineId\":\"beginner\",\"holdSeconds\":\"30\"}");
            assertEquals(400, bad.status());
            assertEquals("holdSeconds = \"30\": a number is expected, but a string was given",
                    bad.json().get("message").asText());
            assertEquals(201, trainer.post("/api/zones/main-floor/session", "{\"routineId\":\"beginner\"}").status(),
                    "the engine is fine afterwards");
        } finally {
            root.detachAppender(log);
        }
        List<String> errors = log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(List.of(), errors);
    }
}
