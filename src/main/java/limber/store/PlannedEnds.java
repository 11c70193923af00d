package limber.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.protocol.Wire;
import limber.session.Cue;
import limber.session.CueSchedule;
import limber.session.Session;
import limber.session.Timeline;

/**
 * Sessions whose timeline is over but whose end was never written: the engine writes an end when it
 * publishes the session_end cue, so a session that finished (or reached its stop) while no engine
 * ran the zone would stay open for ever. Their end is the one the timeline planned: the instant of
 * its session_end cue, as the engine would have written it.
 */
final class PlannedEnds {
    /** Only the session_end cue is wanted, so no warnings. */
    private static final CueSchedule CUES = new CueSchedule(0);
    private static final Logger LOG = LoggerFactory.getLogger(PlannedEnds.class);

    private final Transactions tx;

    PlannedEnds(Transactions tx) {
        this.tx = tx;
    }

    /** The ends due by {@code now} of the sessions without one, of one zone (null: every zone). */
    List<JournalEntry.SessionEnded> due(String onlyZone, long now) throws SQLException {
        return tx.inTransaction(db -> {
            List<JournalEntry.SessionEnded> out = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement("SELECT s.session_id, s.zone, s.plan_json, st.revision,"
                    + " st.anchors_json FROM sessions s JOIN session_states st ON st.id = (SELECT MAX(l.id)"
                    + " FROM session_states l WHERE l.session_id = s.session_id)"
                    + " WHERE s.ended_at IS NULL" + (onlyZone == null ? "" : " AND s.zone = ?"))) {
                if (onlyZone != null) {
                    ps.setString(1, onlyZone);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        try {
                            Session s = StoredSession.decode(rs.getString(1), rs.getString(2), rs.getLong(4),
                                    rs.getString(3), rs.getString(5));
                            end(s, now).ifPresent(out::add);
                        } catch (IllegalStateException | IllegalArgumentException e) {
                            // one unreadable session must not keep the others open
                            LOG.warn("no planned end for session {}: {}", rs.getString(1), e.getMessage());
                        }
                    }
                }
            }
            return out;
        });
    }

    /** The session's end if its timeline ended by {@code now}: finished or stopped, at the instant it did. */
    static Optional<JournalEntry.SessionEnded> end(Session s, long now) {
        JournalEntry.SessionEnded found = null;
        for (Cue c : CUES.between(s, Long.MIN_VALUE, now)) {
            if (c.kind() == Cue.Kind.SESSION_END) {
                found = new JournalEntry.SessionEnded(s.id(), s.zone(), c.at(),
                        Wire.lower(Timeline.phaseAt(s, c.at()).status()));
            }
        }
        return Optional.ofNullable(found);
    }
}
