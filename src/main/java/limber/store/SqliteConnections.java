package limber.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The journal's SQLite file: WAL mode with full fsync on commit, since a gym box is more likely to
 * lose power than to crash.
 */
final class SqliteConnections {
    private SqliteConnections() {
    }

    /** Opens (and creates, with its folder) the file at {@code path}; the connection auto-commits until migrated. */
    static Connection open(String path) throws SQLException, IOException {
        Path file = Path.of(path).toAbsolutePath();
        Files.createDirectories(file.getParent());
        return connect(file);
    }

    /** A second connection to the journal's file for reads only; each read is its own transaction. */
    static Connection openReader(String path) throws SQLException {
        Connection c = connect(Path.of(path).toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA query_only=true");
        }
        c.setAutoCommit(false);
        return c;
    }

    private static Connection connect(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=5000");
        }
        return c;
    }
}
