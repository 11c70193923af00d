package limber.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineHeartbeatTest {
    @TempDir
    Path dir;

    @Test
    void aFreshStoreHasNoneAndEachBeatReplacesTheOneRow() throws Exception {
        try (TempSqlite db = new TempSqlite(dir)) {
            EngineHeartbeat heartbeat = new EngineHeartbeat(db.tx);
            assertEquals(-1, heartbeat.lastHeartbeat());
            heartbeat.heartbeat(1_000);
            heartbeat.heartbeat(2_000);
            assertEquals(2_000, heartbeat.lastHeartbeat());
            assertEquals(List.of("2000"), db.column("SELECT at FROM engine_heartbeat"));
        }
    }
}
