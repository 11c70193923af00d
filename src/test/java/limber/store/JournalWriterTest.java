package limber.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import limber.protocol.DeviceEvent;

/** Batch writes on a SQLite file: what is new, what was there already, and what a moved-on lease refuses. */
class JournalWriterTest {
    private static final JdbcStore.Outcome STORED = JdbcStore.Outcome.STORED;
    private static final JdbcStore.Outcome DUPLICATE = JdbcStore.Outcome.DUPLICATE;
    private static final JdbcStore.Outcome FENCED = JdbcStore.Outcome.FENCED;

    @TempDir
    Path dir;

    private TempSqlite db;
    private JournalWriter writer;

    @BeforeEach
    void open() throws Exception {
        db = new TempSqlite(dir);
        writer = new JournalWriter(db.tx, Dialect.SQLITE);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    @Test
    void anEndAndAnAcknowledgementCountOnlyOnce() throws Exception {
        JournalEntry start = new JournalEntry.SessionStarted("s-1", "zone-a", "r", "Routine", "{}", 100, 1, "[]");
        JournalEntry end = new JournalEntry.SessionEnded("s-1", "zone-a", 900, "finished");
        JournalEntry ack = new JournalEntry.AlertAcked("s-1", "zone-a", "pain-1", 500);
        assertArrayEquals(new JdbcStore.Outcome[] {STORED, STORED, DUPLICATE, STORED, DUPLICATE},
                writer.write(List.of(start, ack, ack, end, end), null));
        assertEquals(List.of("finished"), db.column("SELECT end_status FROM sessions"));
        assertEquals(List.of("start"), db.column("SELECT command FROM session_states"), "the start is a state row");
        assertArrayEquals(new JdbcStore.Outcome[] {STORED}, writer.write(List.of(event("e1")), null));
        assertEquals(List.of("done"), db.column("SELECT type FROM device_events"), "types are stored in lower case");
    }

    @Test
    void onlyEntriesMadeUnderTheZonesCurrentLeaseAreWritten() throws Exception {
        db.execute("INSERT INTO zone_lease (zone, epoch, owner, changed_ms) VALUES ('zone-a', 2, 'node-b', 0)");
        assertArrayEquals(new JdbcStore.Outcome[] {FENCED, STORED, FENCED, FENCED},
                writer.write(List.of(event("e1"), event("e2"), event("e3"), other("e4")),
                        List.of(new Fence(1, "node-a"), new Fence(2, "node-b"), Fence.none("node-b"),
                                new Fence(2, "node-b"))), "zone-b has no lease at all");
        assertEquals(List.of("e2"), db.column("SELECT event_id FROM device_events"));
    }

    private static JournalEntry event(String id) {
        return new JournalEntry.EventAccepted(new DeviceEvent("w1", id, DeviceEvent.Type.DONE, "zone-a", "s-1", 0, 10), 20);
    }

    private static JournalEntry other(String id) {
        return new JournalEntry.EventAccepted(new DeviceEvent("w1", id, DeviceEvent.Type.DONE, "zone-b", "s-2", 0, 10), 20);
    }
}
