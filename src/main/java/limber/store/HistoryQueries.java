package limber.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The history endpoints' read-only queries and the retention that deletes finished sessions. */
final class HistoryQueries {
    private final Transactions tx;

    HistoryQueries(Transactions tx) {
        this.tx = tx;
    }

    /** Runs a read-only query and returns rows as column-name maps (history endpoints). */
    List<Map<String, Object>> query(String sql, Object... params) throws SQLException {
        return tx.inTransaction(db -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int c = 1; c <= n; c++) {
                            row.put(rs.getMetaData().getColumnLabel(c).toLowerCase(), rs.getObject(c));
                        }
                        rows.add(row);
                    }
                }
            }
            return rows;
        });
    }

    /** Deletes finished history older than {@code before}; returns rows removed. */
    int purge(long before) throws SQLException {
        return tx.inTransaction(db -> {
            try (PreparedStatement ev = db.prepareStatement("DELETE FROM device_events WHERE session_id IN"
                    + " (SELECT session_id FROM sessions WHERE ended_at IS NOT NULL AND ended_at < ?)");
                 PreparedStatement st = db.prepareStatement("DELETE FROM session_states WHERE session_id IN"
                         + " (SELECT session_id FROM sessions WHERE ended_at IS NOT NULL AND ended_at < ?)");
                 PreparedStatement ak = db.prepareStatement("DELETE FROM alert_acks WHERE session_id IN"
                         + " (SELECT session_id FROM sessions WHERE ended_at IS NOT NULL AND ended_at < ?)");
                 PreparedStatement se = db.prepareStatement(
                         "DELETE FROM sessions WHERE ended_at IS NOT NULL AND ended_at < ?")) {
                ev.setLong(1, before);
                st.setLong(1, before);
                se.setLong(1, before);
                ak.setLong(1, before);
                return ev.executeUpdate() + st.executeUpdate() + ak.executeUpdate() + se.executeUpdate();
            }
        });
    }
}
