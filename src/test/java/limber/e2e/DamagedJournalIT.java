package limber.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.testing.EngineFixture;

/**
 * A journal row that cannot be read any more (a disk error, a hand edit) costs its zone the session
 * it held, never the whole floor: the engine starts, that zone is idle and can start a new session,
 * the other zone carries on with its own.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DamagedJournalIT {
    @Test
    void anUnreadableSessionLeavesItsZoneIdleAndTheEngineUp() throws Exception {
        Path db;
        try (EngineFixture fx = EngineFixture.embedded()) {
            db = fx.dataDir.resolve("limber.db");
            Http http = new Http(fx.api());
            http.post("/api/zones/main-floor/session", "{\"routineId\":\"beginner\",\"holdSeconds\":20}");
            http.post("/api/zones/studio-b/session", "{\"routineId\":\"beginner\",\"holdSeconds\":20}");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("UPDATE session_states SET anchors_json = '{not json' WHERE zone = 'main-floor'"));
        }
        try (EngineFixture fx = EngineFixture.embedded("--store.path=" + db)) {
            Http http = new Http(fx.api());
            assertEquals("idle", http.get("/api/zones/main-floor").json().get("status").asText());
            assertEquals("running", http.get("/api/zones/studio-b").json().get("status").asText(), "the other zone restored");
            assertEquals(201, http.post("/api/zones/main-floor/session", "{\"routineId\":\"beginner\"}").status());
        }
    }
}
