package limber.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A migrated SQLite journal file in a test's temporary folder, for the store's parts on their own. */
final class TempSqlite implements AutoCloseable {
    final Path file;
    final Transactions tx;

    TempSqlite(Path dir) throws SQLException, IOException {
        this.file = dir.resolve("journal.db");
        this.tx = new Transactions(SqliteConnections.open(file.toString()), null);
        Schema.migrate(tx, Dialect.SQLITE);
    }

    /** Writes entries as a single engine does (no fences). */
    JdbcStore.Outcome[] write(List<JournalEntry> entries) throws SQLException {
        return new JournalWriter(tx, Dialect.SQLITE).write(entries, null);
    }

    /** The first column of every row {@code sql} returns, as text. */
    List<String> column(String sql) throws SQLException {
        return tx.inTransaction(db -> {
            List<String> out = new ArrayList<>();
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    void execute(String sql) throws SQLException {
        tx.inTransaction(db -> {
            try (Statement s = db.createStatement()) {
                s.execute(sql);
            }
            return null;
        });
    }

    @Override
    public void close() throws SQLException {
        tx.close();
    }
}
