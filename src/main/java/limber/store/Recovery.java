package limber.store;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import limber.session.Session;

/** What the journal says each zone was doing when the engine last ran; read once at start-up. */
public record Recovery(long lastHeartbeat, Map<String, StoredSession> sessions, Map<String, List<String[]>> recentKeys) {

    public static Recovery read(JdbcStore store, List<String> zones, int dedupeWindow) throws SQLException {
        Map<String, List<String[]>> keys = new HashMap<>();
        for (String z : zones) {
            keys.put(z, store.recentEventKeys(z, dedupeWindow));
        }
        return new Recovery(store.lastHeartbeat(), store.latestSessions(), keys);
    }

    /** The same for one zone, read when an instance of a cluster takes that zone over. */
    public static Recovery readZone(JdbcStore store, String zone, int dedupeWindow) throws SQLException {
        return new Recovery(store.lastHeartbeat(), store.latestSessions(zone),
                Map.of(zone, store.recentEventKeys(zone, dedupeWindow)));
    }

    /** The stored session rebuilt exactly (plan and anchors as they were written), or null. */
    public Session session(String zone) {
        StoredSession s = sessions.get(zone);
        if (s == null || s.anchorsJson() == null) {
            return null;
        }
        return StoredSession.decode(s.sessionId(), zone, s.revision(), s.planJson(), s.anchorsJson());
    }

    /** Whether the engine was away briefly enough for sessions to continue on their timeline. */
    public boolean withinGrace(long now, long graceMs) {
        return lastHeartbeat >= 0 && now - lastHeartbeat <= graceMs;
    }

    @Override
    public String toString() {
        return "Recovery[heartbeat=" + lastHeartbeat + ", sessions=" + sessions.keySet() + ", keys="
                + Arrays.toString(recentKeys.keySet().toArray()) + "]";
    }
}
