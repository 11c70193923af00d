package limber.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The engine's own liveness record: one row, rewritten while it runs, so a restart can tell how long
 * it was away.
 */
final class EngineHeartbeat {
    private final Transactions tx;

    EngineHeartbeat(Transactions tx) {
        this.tx = tx;
    }

    /** Records that the engine is alive at {@code at}. */
    void heartbeat(long at) throws SQLException {
        tx.inTransaction(db -> {
            try (PreparedStatement ps = db.prepareStatement("UPDATE engine_heartbeat SET at = ? WHERE id = 1")) {
                ps.setLong(1, at);
                if (ps.executeUpdate() == 0) {
                    try (PreparedStatement ins = db.prepareStatement("INSERT INTO engine_heartbeat (id, at) VALUES (1, ?)")) {
                        ins.setLong(1, at);
                        ins.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    /** When the engine last said it was alive, or -1 on a fresh store. */
    long lastHeartbeat() throws SQLException {
        // a read at start-up or takeover, followed at once by committing reads: it has never committed itself
        return tx.withoutCommit(db -> {
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT at FROM engine_heartbeat WHERE id = 1")) {
                return rs.next() ? rs.getLong(1) : -1L;
            }
        });
    }
}
