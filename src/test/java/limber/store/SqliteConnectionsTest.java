package limber.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteConnectionsTest {
    @TempDir
    Path dir;

    @Test
    void createsTheFolderAndSyncsEveryCommitThroughTheWriteAheadLog() throws Exception {
        Path file = dir.resolve("a/b/journal.db");
        try (Connection c = SqliteConnections.open(file.toString()); Statement s = c.createStatement()) {
            assertTrue(Files.exists(file));
            assertTrue(c.getAutoCommit(), "auto-commits until the schema is migrated");
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                assertEquals("wal", rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
                assertEquals(2, rs.getInt(1), "FULL");
            }
            try (ResultSet rs = s.executeQuery("PRAGMA busy_timeout")) {
                assertEquals(5000, rs.getInt(1));
            }
        }
    }
}
