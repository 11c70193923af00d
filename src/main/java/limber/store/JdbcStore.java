package limber.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import limber.config.LimberConfig;
import limber.protocol.DeviceEvent;

/**
 * Blocking JDBC access to the journal and history. One connection, used only by the journal's
 * single worker thread, so writes are serialised without locks. SQLite runs in WAL mode with full
 * fsync on commit: a gym box is more likely to lose power than to crash.
 */
public final class JdbcStore implements AutoCloseable {
    private final Dialect dialect;
    private final Transactions tx;

    private JdbcStore(Transactions tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
    }

    public static JdbcStore open(LimberConfig.Store cfg) throws SQLException, IOException {
        Dialect dialect = cfg.postgres() ? Dialect.POSTGRESQL : Dialect.SQLITE;
        Connection c;
        if (dialect == Dialect.SQLITE) {
            Path file = Path.of(cfg.path()).toAbsolutePath();
            Files.createDirectories(file.getParent());
            c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=5000");
            }
        } else {
            c = PostgresConnections.open(cfg);
        }
        JdbcStore store = new JdbcStore(new Transactions(c,
                dialect == Dialect.POSTGRESQL ? () -> PostgresConnections.open(cfg) : null), dialect);
        store.migrate();
        return store;
    }

    private void migrate() throws SQLException {
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

    /** What became of one journal entry. */
    public enum Outcome { STORED, DUPLICATE, FENCED }

    /**
     * Writes a batch in one transaction. {@code fences} (null: no cluster) holds, per entry, the
     * ownership its writer believes it has; entries whose zone has since moved on are not written.
     * The lease rows are read FOR SHARE, so an instance taking a zone over waits for this
     * transaction and then reads everything it wrote.
     */
    public Outcome[] write(List<JournalEntry> batch, List<Fence> fences) throws SQLException {
        return tx.inTransaction(db -> {
            Outcome[] out = new Outcome[batch.size()];
            Set<String> owned = fences == null ? null : LeaseFence.stillOwned(db, dialect, batch, fences);
            try (PreparedStatement started = db.prepareStatement("INSERT INTO sessions (session_id, zone, routine_id,"
                    + " routine_name, plan_json, started_at) VALUES (?, ?, ?, ?, ?, ?)");
                 PreparedStatement state = db.prepareStatement("INSERT INTO session_states (session_id, zone, revision,"
                         + " command, anchors_json, recorded_at) VALUES (?, ?, ?, ?, ?, ?)");
                 PreparedStatement ended = db.prepareStatement(
                         "UPDATE sessions SET ended_at = ?, end_status = ? WHERE session_id = ? AND ended_at IS NULL");
                 PreparedStatement event = db.prepareStatement("INSERT INTO device_events (zone, session_id, device_id,"
                         + " event_id, type, step_index, device_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                         + " ON CONFLICT (device_id, event_id) DO NOTHING");
                 PreparedStatement alertAck = db.prepareStatement("INSERT INTO alert_acks (session_id, zone, event_id,"
                         + " acked_at) VALUES (?, ?, ?, ?) ON CONFLICT (session_id, event_id) DO NOTHING")) {
                for (int i = 0; i < batch.size(); i++) {
                    JournalEntry e = batch.get(i);
                    if (owned != null && !owned.contains(e.zone() + "\n" + fences.get(i))) {
                        out[i] = Outcome.FENCED;
                        continue;
                    }
                    boolean fresh = true;
                    if (e instanceof JournalEntry.SessionStarted s) {
                        started.setString(1, s.sessionId());
                        started.setString(2, s.zone());
                        started.setString(3, s.routineId());
                        started.setString(4, s.routineName());
                        started.setString(5, s.planJson());
                        started.setLong(6, s.startedAt());
                        started.executeUpdate();
                        insertState(state, s.sessionId(), s.zone(), s.revision(), "start", s.anchorsJson(), s.startedAt());
                    } else if (e instanceof JournalEntry.SessionChanged c) {
                        insertState(state, c.sessionId(), c.zone(), c.revision(), c.command(), c.anchorsJson(), c.recordedAt());
                    } else if (e instanceof JournalEntry.SessionEnded x) {
                        ended.setLong(1, x.endedAt());
                        ended.setString(2, x.status());
                        ended.setString(3, x.sessionId());
                        fresh = ended.executeUpdate() > 0;
                    } else if (e instanceof JournalEntry.AlertAcked k) {
                        alertAck.setString(1, k.sessionId());
                        alertAck.setString(2, k.zone());
                        alertAck.setString(3, k.eventId());
                        alertAck.setLong(4, k.ackedAt());
                        fresh = alertAck.executeUpdate() > 0;
                    } else if (e instanceof JournalEntry.EventAccepted a) {
                        DeviceEvent d = a.event();
                        event.setString(1, d.zone());
                        event.setString(2, d.sessionId());
                        event.setString(3, d.deviceId());
                        event.setString(4, d.eventId());
                        event.setString(5, d.type().name().toLowerCase());
                        event.setInt(6, d.stepIndex());
                        event.setLong(7, d.at());
                        event.setLong(8, a.receivedAt());
                        fresh = event.executeUpdate() > 0;
                    }
                    out[i] = fresh ? Outcome.STORED : Outcome.DUPLICATE;
                }
            }
            return out;
        });
    }

    private static void insertState(PreparedStatement ps, String sessionId, String zone, long revision, String command,
                                    String anchors, long at) throws SQLException {
        ps.setString(1, sessionId);
        ps.setString(2, zone);
        ps.setLong(3, revision);
        ps.setString(4, command);
        ps.setString(5, anchors);
        ps.setLong(6, at);
        ps.executeUpdate();
    }

    public void heartbeat(long at) throws SQLException {
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
    public long lastHeartbeat() throws SQLException {
        return tx.withoutCommit(db -> {
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT at FROM engine_heartbeat WHERE id = 1")) {
                return rs.next() ? rs.getLong(1) : -1L;
            }
        });
    }

    /** Each zone's most recent session with its latest anchors and all its device events, in order. */
    public Map<String, StoredSession> latestSessions() throws SQLException {
        return latestSessions(null);
    }

    /** As {@link #latestSessions()}, for one zone only (null: all), e.g. when taking a zone over. */
    public Map<String, StoredSession> latestSessions(String onlyZone) throws SQLException {
        return tx.inTransaction(db -> {
            Map<String, StoredSession> out = new LinkedHashMap<>();
            try (PreparedStatement s = db.prepareStatement("SELECT session_id, zone, plan_json,"
                    + " end_status FROM sessions s WHERE s.session_id = (SELECT st.session_id FROM session_states st"
                    // the journal's own order, not start times: those come from the clocks of several instances
                    + " WHERE st.zone = s.zone ORDER BY st.id DESC LIMIT 1)" + (onlyZone == null ? "" : " AND s.zone = ?"))) {
                if (onlyZone != null) {
                    s.setString(1, onlyZone);
                }
                ResultSet rs = s.executeQuery();
                while (rs.next()) {
                    String id = rs.getString(1);
                    String zone = rs.getString(2);
                    long revision = 0;
                    String anchors = null;
                    try (PreparedStatement ps = db.prepareStatement("SELECT revision, anchors_json FROM session_states"
                            + " WHERE session_id = ? ORDER BY id DESC LIMIT 1")) {
                        ps.setString(1, id);
                        try (ResultSet st = ps.executeQuery()) {
                            if (st.next()) {
                                revision = st.getLong(1);
                                anchors = st.getString(2);
                            }
                        }
                    }
                    out.put(zone, new StoredSession(id, zone, rs.getString(3), revision, anchors, rs.getString(4),
                            events(db, id), ackedAlerts(db, id)));
                }
            }
            return out;
        });
    }

    private static Set<String> ackedAlerts(Connection db, String sessionId) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT event_id FROM alert_acks WHERE session_id = ?")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static List<DeviceEvent> events(Connection db, String sessionId) throws SQLException {
        List<DeviceEvent> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT device_id, event_id, type, zone, session_id, step_index,"
                + " device_at FROM device_events WHERE session_id = ? ORDER BY id")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DeviceEvent(rs.getString(1), rs.getString(2),
                            DeviceEvent.Type.valueOf(rs.getString(3).toUpperCase()), rs.getString(4), rs.getString(5),
                            rs.getInt(6), rs.getLong(7)));
                }
            }
        }
        return out;
    }

    /** The newest event keys of a zone, to refill the de-duplication window after a restart. */
    public List<String[]> recentEventKeys(String zone, int limit) throws SQLException {
        return tx.inTransaction(db -> {
            List<String[]> out = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT device_id, event_id FROM device_events WHERE zone = ? ORDER BY id DESC LIMIT ?")) {
                ps.setString(1, zone);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
            return out;
        });
    }

    /** Runs a read-only query and returns rows as column-name maps (history endpoints). */
    public List<Map<String, Object>> query(String sql, Object... params) throws SQLException {
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
    public int purge(long before) throws SQLException {
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

    @Override
    public void close() throws SQLException {
        tx.close();
    }
}
