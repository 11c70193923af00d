package limber.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import limber.protocol.DeviceEvent;

/** History reads and retention, on a SQLite file. */
class HistoryQueriesTest {
    @TempDir
    Path dir;

    @Test
    void rowsAreKeyedByLowerCaseColumnLabels() throws Exception {
        try (TempSqlite db = new TempSqlite(dir)) {
            db.execute("INSERT INTO engine_heartbeat (id, at) VALUES (1, 77)");
            assertEquals(List.of(Map.of("beat", 77)),
                    new HistoryQueries(db.tx).query("SELECT at AS Beat FROM engine_heartbeat WHERE id = ?", 1));
        }
    }

    @Test
    void purgeKeepsRunningAndRecentSessions() throws Exception {
        try (TempSqlite db = new TempSqlite(dir)) {
            db.write(List.of(started("old"), event("old"), new JournalEntry.SessionEnded("old", "zone-a", 1_000, "finished"),
                    started("recent"), event("recent"), new JournalEntry.SessionEnded("recent", "zone-a", 9_000, "finished"),
                    started("running"), event("running")));
            HistoryQueries history = new HistoryQueries(db.tx);
            assertEquals(3, history.purge(5_000), "the old session, its state row and its event");
            assertEquals(List.of("recent", "running"), db.column("SELECT session_id FROM sessions ORDER BY session_id"));
            assertEquals(List.of("recent", "running"), db.column("SELECT event_id FROM device_events ORDER BY event_id"));
        }
    }

    @Test
    void purgeRemovesEventsForNoSessionOnceTheyAreOlderThanTheCutOff() throws Exception {
        try (TempSqlite db = new TempSqlite(dir)) {
            db.write(List.of(loose("old-join", 1_000), loose("new-join", 9_000)));
            assertEquals(1, new HistoryQueries(db.tx).purge(5_000));
            assertEquals(List.of("new-join"), db.column("SELECT event_id FROM device_events"));
        }
    }

    private static JournalEntry loose(String eventId, long receivedAt) {
        return new JournalEntry.EventAccepted(new DeviceEvent("w1", eventId, DeviceEvent.Type.JOIN, "zone-a", null, -1, 0),
                receivedAt);
    }

    private static JournalEntry started(String id) {
        return new JournalEntry.SessionStarted(id, "zone-a", "r", "Routine", "{}", 100, 1, "[]");
    }

    private static JournalEntry event(String session) {
        return new JournalEntry.EventAccepted(new DeviceEvent("w1", session, DeviceEvent.Type.DONE, "zone-a", session, 0, 10), 20);
    }
}
