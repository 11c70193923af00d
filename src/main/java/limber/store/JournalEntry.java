package limber.store;

import limber.protocol.DeviceEvent;

/** What the engine writes ahead of applying it. */
public sealed interface JournalEntry {

    /** The zone the entry belongs to: in a cluster, only that zone's current owner may write it. */
    String zone();

    /** A new session: its compiled plan is stored whole so a restart needs no catalog. */
    record SessionStarted(String sessionId, String zone, String routineId, String routineName, String planJson,
                          long startedAt, long revision, String anchorsJson) implements JournalEntry {
    }

    /** A trainer command's resulting anchors (the timeline from then on). */
    record SessionChanged(String sessionId, String zone, long revision, String command, String anchorsJson,
                          long recordedAt) implements JournalEntry {
    }

    record SessionEnded(String sessionId, String zone, long endedAt, String status) implements JournalEntry {
    }

    /** A trainer saw a pain alert; until then it stays open, across restarts and takeovers. */
    record AlertAcked(String sessionId, String zone, String eventId, long ackedAt) implements JournalEntry {
    }

    record EventAccepted(DeviceEvent event, long receivedAt) implements JournalEntry {
        @Override
        public String zone() {
            return event.zone();
        }
    }
}
