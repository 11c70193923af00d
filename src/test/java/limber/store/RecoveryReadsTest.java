package limber.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import limber.protocol.DeviceEvent;

/** What a restart or a takeover reads back, on a SQLite file. */
class RecoveryReadsTest {
    @TempDir
    Path dir;

    private TempSqlite db;
    private RecoveryReads reads;

    @BeforeEach
    void open() throws Exception {
        db = new TempSqlite(dir);
        reads = new RecoveryReads(db.tx);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    @Test
    void theLatestSessionIsTheJournalsLastNotTheOneWithTheLatestStartTime() throws Exception {
        // instance clocks differ: the later session can carry the earlier start time
        db.write(List.of(started("s-1", "zone-a", 5_000), event("zone-a", "s-1", "e1"),
                new JournalEntry.AlertAcked("s-1", "zone-a", "e1", 5_100),
                started("s-2", "zone-a", 4_000), event("zone-a", "s-2", "e2"),
                new JournalEntry.SessionChanged("s-2", "zone-a", 2, "pause", "[\"paused\"]", 4_500),
                new JournalEntry.AlertAcked("s-2", "zone-a", "e2", 4_600),
                started("s-3", "zone-b", 1_000)));
        Map<String, StoredSession> all = reads.latestSessions(null);
        assertEquals(Set.of("zone-a", "zone-b"), all.keySet());
        StoredSession a = all.get("zone-a");
        assertEquals("s-2", a.sessionId());
        assertEquals(2, a.revision());
        assertEquals("[\"paused\"]", a.anchorsJson(), "the latest anchors");
        assertEquals(List.of("e2"), a.events().stream().map(DeviceEvent::eventId).toList());
        assertEquals(Set.of("e2"), a.ackedAlerts());
        assertEquals(Set.of("zone-b"), reads.latestSessions("zone-b").keySet(), "one zone only");
    }

    @Test
    void recentEventKeysAreAZonesNewestFirstUpToTheLimit() throws Exception {
        db.write(List.of(event("zone-a", "s-1", "e1"), event("zone-b", "s-2", "x1"), event("zone-a", "s-1", "e2"),
                event("zone-a", "s-1", "e3")));
        List<String[]> keys = reads.recentEventKeys("zone-a", 2);
        assertEquals(List.of("w1/e3", "w1/e2"), keys.stream().map(k -> k[0] + "/" + k[1]).toList());
    }

    private static JournalEntry started(String id, String zone, long at) {
        return new JournalEntry.SessionStarted(id, zone, "r", "Routine", "{\"plan\":\"" + id + "\"}", at, 1, "[]");
    }

    private static JournalEntry event(String zone, String session, String id) {
        return new JournalEntry.EventAccepted(new DeviceEvent("w1", id, DeviceEvent.Type.PAIN, zone, session, 0, 10), 20);
    }
}
