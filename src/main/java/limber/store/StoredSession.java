package limber.store;

import java.util.List;
import java.util.Set;

import limber.protocol.DeviceEvent;

/** The latest state of a zone's most recent session, as found in the journal at start-up. */
public record StoredSession(String sessionId, String zone, String planJson, long revision, String anchorsJson,
                            String endStatus, List<DeviceEvent> events, Set<String> ackedAlerts) {
}
