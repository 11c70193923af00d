package limber.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import limber.protocol.DeviceEvent;

/** What {@link Recovery} reads back: each zone's latest session and its newest event keys. */
final class RecoveryReads {
    private final Transactions tx;

    RecoveryReads(Transactions tx) {
        this.tx = tx;
    }

    /**
     * Each zone's most recent session with its latest anchors and all its device events, in order;
     * for one zone only unless {@code onlyZone} is null.
     */
    Map<String, StoredSession> latestSessions(String onlyZone) throws SQLException {
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
    List<String[]> recentEventKeys(String zone, int limit) throws SQLException {
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
}
