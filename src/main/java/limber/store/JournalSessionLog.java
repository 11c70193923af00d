package limber.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;

import limber.clock.SessionLog;
import limber.protocol.DeviceEvent;
import limber.session.Session;

/** Session changes and device events, written ahead to the journal. */
public final class JournalSessionLog implements SessionLog {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Journal journal;

    public JournalSessionLog(Journal journal) {
        this.journal = journal;
    }

    @Override
    public Future<Void> started(Session s, long now) {
        return journal.append(new JournalEntry.SessionStarted(s.id(), s.zone(), s.plan().routineId(),
                s.plan().routineName(), json(s.plan()), now, s.revision(), json(s.anchors()))).mapEmpty();
    }

    @Override
    public Future<Void> changed(Session s, String command, long now) {
        return journal.append(new JournalEntry.SessionChanged(s.id(), s.zone(), s.revision(), command,
                json(s.anchors()), now)).mapEmpty();
    }

    @Override
    public void ended(Session s, long at, String status) {
        journal.append(new JournalEntry.SessionEnded(s.id(), s.zone(), at, status));
    }

    @Override
    public Future<Void> alertAcknowledged(Session s, String eventId, long now) {
        return journal.append(new JournalEntry.AlertAcked(s.id(), s.zone(), eventId, now)).mapEmpty();
    }

    @Override
    public Future<Boolean> event(DeviceEvent e, long receivedAt) {
        return journal.append(new JournalEntry.EventAccepted(e, receivedAt));
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + o.getClass().getSimpleName(), e);
        }
    }
}
