package limber.store;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;

import limber.protocol.DeviceEvent;
import limber.routine.Plan;
import limber.session.Anchor;
import limber.session.Session;

/** The latest state of a zone's most recent session, as found in the journal at start-up. */
public record StoredSession(String sessionId, String zone, String planJson, long revision, String anchorsJson,
                            String endStatus, List<DeviceEvent> events, Set<String> ackedAlerts) {

    /** A session rebuilt exactly as its plan and latest anchors were written. */
    static Session decode(String sessionId, String zone, long revision, String planJson, String anchorsJson) {
        try {
            Plan plan = JournalSessionLog.JSON.readValue(planJson, Plan.class);
            List<Anchor> anchors = JournalSessionLog.JSON.readValue(anchorsJson, new TypeReference<List<Anchor>>() {
            });
            return new Session(sessionId, zone, revision, plan, anchors);
        } catch (Exception e) {
            throw new IllegalStateException("journal entry for session " + sessionId + " cannot be read: "
                    + e.getMessage(), e);
        }
    }
}
