package limber.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Brings a store's tables to the newest schema version of its {@link Dialect}, in one transaction. */
final class Schema {
    private Schema() {
    }

    /** Applies the migrations the store has not had yet; afterwards the connection no longer auto-commits. */
    static void migrate(Transactions tx, Dialect dialect) throws SQLException {
        int version = tx.withoutCommit(db -> {
            try (Statement s = db.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            }
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
        List<List<String>> migrations = dialect.migrations();
        tx.inTransaction(db -> {
            db.setAutoCommit(false);
            for (int v = version; v < migrations.size(); v++) {
                try (Statement s = db.createStatement()) {
                    for (String sql : migrations.get(v)) {
                        s.execute(sql);
                    }
                    s.execute("INSERT INTO schema_version (version) VALUES (" + (v + 1) + ")");
                }
            }
            return null;
        });
    }
}
