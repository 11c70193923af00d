package limber.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import limber.protocol.DeviceEvent;

/** Session changes, alert acknowledgements and device events, written to the journal a batch at a time. */
final class JournalWriter {
    private final Transactions tx;
    private final Dialect dialect;

    JournalWriter(Transactions tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
    }

    /** Writes a batch in one transaction, leaving out entries whose fence no longer holds (see {@link JdbcStore#write}). */
    JdbcStore.Outcome[] write(List<JournalEntry> batch, List<Fence> fences) throws SQLException {
        return tx.inTransaction(db -> {
            JdbcStore.Outcome[] out = new JdbcStore.Outcome[batch.size()];
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
                        out[i] = JdbcStore.Outcome.FENCED;
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
                    out[i] = fresh ? JdbcStore.Outcome.STORED : JdbcStore.Outcome.DUPLICATE;
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
}
