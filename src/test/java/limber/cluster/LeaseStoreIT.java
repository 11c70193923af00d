package limber.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import limber.config.LimberConfig;
import limber.protocol.DeviceEvent;
import limber.store.Fence;
import limber.store.JdbcStore;
import limber.store.JournalEntry;
import limber.testing.PostgresDatabase;

/** Leases and fencing on a real PostgreSQL: the rules that keep a zone to one writer. */
class LeaseStoreIT {
    private static final long LIVE = 60_000; // an owner that renewed within a minute is alive
    private static final long STALE = 0;     // every owner counts as silent

    private PostgresDatabase db;
    private JdbcStore journal;
    private LeaseStore a;
    private LeaseStore b;

    @BeforeEach
    void open() throws Exception {
        db = new PostgresDatabase();
        LimberConfig.Store cfg = new LimberConfig.Store("postgresql", "", db.url(), "", "", 120, 400);
        journal = JdbcStore.open(cfg);
        a = LeaseStore.open(cfg);
        b = LeaseStore.open(cfg);
    }

    @AfterEach
    void close() throws Exception {
        a.close();
        b.close();
        journal.close();
        db.close();
    }

    @Test
    void aLiveOwnerKeepsItsZoneAndEveryNewOwnerRaisesTheEpoch() throws Exception {
        a.renew("node-a", "limber-1", LIVE);
        b.renew("node-b", "limber-2", LIVE);
        assertEquals(1, a.claim("zone-1", "node-a", 0, LIVE).epoch());
        assertEquals(-1, b.claim("zone-1", "node-b", 1, LIVE).epoch(), "the owner renews: no takeover");
        assertEquals(-1, b.claim("zone-1", "node-b", 0, STALE).epoch(), "an old epoch never wins");
        assertEquals(2, b.claim("zone-1", "node-b", 1, STALE).epoch(), "a silent owner loses the zone");
        LeaseStore.View view = a.renew("node-a", "limber-1", LIVE);
        assertEquals(new Lease("zone-1", 2, "node-b"), view.leases().get("zone-1"));
        assertTrue(view.liveNodes().containsAll(List.of("node-a", "node-b")));
    }

    @Test
    void aReleasedZoneCanBeTakenAtOnceAndOnlyTheOwnerCanReleaseIt() throws Exception {
        a.renew("node-a", "limber-1", LIVE);
        assertEquals(1, a.claim("zone-1", "node-a", 0, LIVE).epoch());
        assertFalse(b.release("zone-1", "node-b", 1));
        assertTrue(a.release("zone-1", "node-a", 1));
        assertNull(a.renew("node-a", "limber-1", LIVE).leases().get("zone-1").owner());
        assertEquals(2, b.claim("zone-1", "node-b", 1, LIVE).epoch());
    }

    @Test
    void theJournalRefusesWritesUnderAnEpochThatMovedOn() throws Exception {
        a.renew("node-a", "limber-1", LIVE);
        assertEquals(1, a.claim("zone-1", "node-a", 0, LIVE).epoch());
        assertArrayEquals(new JdbcStore.Outcome[] {JdbcStore.Outcome.STORED},
                journal.write(List.of(event("e1")), List.of(new Fence(1, "node-a"))));
        assertEquals(2, b.claim("zone-1", "node-b", 1, STALE).epoch());
        assertArrayEquals(new JdbcStore.Outcome[] {JdbcStore.Outcome.FENCED, JdbcStore.Outcome.STORED},
                journal.write(List.of(event("e2"), event("e3")), List.of(new Fence(1, "node-a"), new Fence(2, "node-b"))),
                "the old owner's entry is refused, the new owner's in the same batch is kept");
        assertEquals(List.of("e1", "e3"), journal.query("SELECT event_id FROM device_events ORDER BY id").stream()
                .map(r -> (String) r.get("event_id")).toList());
    }

    @Test
    void aCleanStopFreesEveryZoneOfTheInstance() throws Exception {
        a.renew("node-a", "limber-1", LIVE);
        assertEquals(1, a.claim("zone-1", "node-a", 0, LIVE).epoch());
        assertEquals(1, a.claim("zone-2", "node-a", 0, LIVE).epoch());
        a.leave("node-a");
        LeaseStore.View view = b.renew("node-b", "limber-2", LIVE);
        assertNull(view.leases().get("zone-1").owner());
        assertNull(view.leases().get("zone-2").owner());
        assertFalse(view.liveNodes().contains("node-a"));
    }

    private static JournalEntry event(String id) {
        return new JournalEntry.EventAccepted(new DeviceEvent("watch-1", id, DeviceEvent.Type.DONE, "zone-1", "s-1", 0, 0), 1);
    }
}
