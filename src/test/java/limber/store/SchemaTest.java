package limber.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migrations on a SQLite file: each version once, in order, and none again on the next start. */
class SchemaTest {
    @TempDir
    Path dir;

    @Test
    void aFreshFileGetsEveryVersionAndTheSecondStartAddsNone() throws Exception {
        int newest = Dialect.SQLITE.migrations().size();
        try (TempSqlite db = new TempSqlite(dir)) {
            assertEquals(versions(newest), db.column("SELECT version FROM schema_version ORDER BY version"));
            db.execute("INSERT INTO engine_heartbeat (id, at) VALUES (1, 42)");
            Schema.migrate(db.tx, Dialect.SQLITE);
            assertEquals(versions(newest), db.column("SELECT version FROM schema_version ORDER BY version"));
            assertEquals(List.of("42"), db.column("SELECT at FROM engine_heartbeat"), "data is kept");
        }
    }

    @Test
    void aStoreAtVersionOneGetsOnlyTheLaterMigrations() throws Exception {
        Connection c = SqliteConnections.open(dir.resolve("old.db").toString());
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            for (String sql : Dialect.SQLITE.migrations().get(0)) {
                s.execute(sql);
            }
            s.execute("INSERT INTO schema_version (version) VALUES (1)");
        }
        try (Transactions tx = new Transactions(c, null)) {
            Schema.migrate(tx, Dialect.SQLITE);
            assertFalse(c.getAutoCommit(), "the store commits explicitly from here on");
            assertEquals(Integer.valueOf(Dialect.SQLITE.migrations().size()), tx.inTransaction(db -> {
                try (Statement s = db.createStatement()) {
                    s.execute("SELECT zone, epoch, owner FROM zone_lease"); // version 2
                    s.execute("SELECT session_id, event_id FROM alert_acks"); // version 3
                    return s.executeQuery("SELECT MAX(version) FROM schema_version").getInt(1);
                }
            }));
        }
    }

    @Test
    void aFailingMigrationLeavesTheVersionAsItWas() throws Exception {
        try (TempSqlite db = new TempSqlite(dir)) {
            db.execute("DELETE FROM schema_version WHERE version = " + Dialect.SQLITE.migrations().size());
            // the last migration's table already exists, so running it again fails
            SQLException e = assertThrows(SQLException.class, () -> Schema.migrate(db.tx, Dialect.SQLITE));
            assertTrue(e.getMessage().contains("zone_sound"), e.getMessage());
            assertEquals(versions(Dialect.SQLITE.migrations().size() - 1),
                    db.column("SELECT version FROM schema_version ORDER BY version"));
        }
    }

    private static List<String> versions(int newest) {
        return IntStream.rangeClosed(1, newest).mapToObj(Integer::toString).toList();
    }
}
