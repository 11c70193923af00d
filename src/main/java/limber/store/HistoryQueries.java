package limber.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** History read a page at a time, and the retention that deletes finished sessions. */
final class HistoryQueries {
    private final Transactions tx;

    HistoryQueries(Transactions tx) {
        this.tx = tx;
    }

    /** Runs a read-only query and returns rows as column-name maps (tests and checks). */
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

    /** The next page of {@code q}: at most {@code pageSize} rows. */
    HistoryPage page(HistoryQuery q, int pageSize) throws SQLException {
        return tx.inTransaction(db -> {
            List<Object> values = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement(q.sql(pageSize, values))) {
                ps.setFetchSize(pageSize);
                for (int i = 0; i < values.size(); i++) {
                    ps.setObject(i + 1, values.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    int shown = rs.getMetaData().getColumnCount() - q.keys;
                    List<String> columns = new ArrayList<>(shown);
                    for (int c = 1; c <= shown; c++) {
                        columns.add(rs.getMetaData().getColumnLabel(c).toLowerCase());
                    }
                    List<List<Object>> rows = new ArrayList<>();
                    Object[] key = null;
                    while (rs.next()) {
                        Object[] row = new Object[shown];
                        for (int c = 1; c <= shown; c++) {
                            row[c - 1] = rs.getObject(c);
                        }
                        rows.add(Arrays.asList(row));
                        key = new Object[q.keys];
                        for (int k = 0; k < q.keys; k++) {
                            key[k] = rs.getObject(shown + 1 + k);
                        }
                    }
                    return new HistoryPage(columns, rows, q.next(key, rows.size(), rows.size() == Math.min(pageSize, q.remaining)));
                }
            }
        });
    }

    /**
     * Deletes finished history older than {@code before}, and events journaled for no session (older
     * joins and leaves) received before it; returns rows removed.
     */
    int purge(long before) throws SQLException {
        return tx.inTransaction(db -> {
            try (PreparedStatement ev = db.prepareStatement("DELETE FROM device_events WHERE session_id IN"
                    + " (SELECT session_id FROM sessions WHERE ended_at IS NOT NULL AND ended_at < ?)");
                 PreparedStatement st = db.prepareStatement("DELETE FROM session_states WHERE session_id IN"
                         + " (SELECT session_id FROM sessions WHERE ended_at IS NOT NULL AND ended_at < ?)");
                 PreparedStatement ak = db.prepareStatement("DELETE FROM alert_acks WHERE session_id IN"
                         + " (SELECT session_id FROM sessions WHERE ended_at IS NOT NULL AND ended_at < ?)");
                 PreparedStatement se = db.prepareStatement(
                         "DELETE FROM sessions WHERE ended_at IS NOT NULL AND ended_at < ?");
                 PreparedStatement loose = db.prepareStatement(
                         "DELETE FROM device_events WHERE session_id IS NULL AND received_at < ?")) {
                ev.setLong(1, before);
                st.setLong(1, before);
                se.setLong(1, before);
                ak.setLong(1, before);
                loose.setLong(1, before);
                return ev.executeUpdate() + st.executeUpdate() + ak.executeUpdate() + se.executeUpdate()
                        + loose.executeUpdate();
            }
        });
    }
}
