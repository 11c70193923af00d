package limber.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import limber.config.LimberConfig;
import limber.protocol.DeviceEvent;
import limber.routine.Phase;
import limber.routine.Plan;
import limber.routine.SessionOptions;
import limber.routine.Step;
import limber.routine.Stretch;
import limber.session.Anchor;
import limber.session.Session;

/** The same journal behaviour on every store the engine supports (subclasses pick the store). */
abstract class JournalStoreContract {
    JdbcStore store;

    abstract LimberConfig.Store config() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = JdbcStore.open(config());
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    static Session session(String id, long revision, List<Anchor> anchors) {
        Plan plan = new Plan("r", "Routine", new SessionOptions(30, 2, false),
                List.of(new Step(0, "s", "Stretch", List.of("cue"), null, false, Stretch.Style.STATIC, 0, 1)),
                List.of(new Phase(0, Phase.Kind.PREPARE, 0, Phase.Side.NONE, 1, 1, 8000),
                        new Phase(1, Phase.Kind.HOLD, 0, Phase.Side.NONE, 1, 1, 30000)));
        return new Session(id, "zone-a", revision, plan, anchors);
    }

    static DeviceEvent done(String device, String eventId, String sessionId) {
        return new DeviceEvent(device, eventId, DeviceEvent.Type.DONE, "zone-a", sessionId, 0, 0);
    }

    @Test
    void sessionsAndEventsComeBackExactlyAfterReopening() throws Exception {
        Session s1 = session("s-1", 1, List.of(new Anchor(1000, Anchor.Status.RUNNING, 0, 0, 0)));
        Session s2 = session("s-1", 2, List.of(new Anchor(1000, Anchor.Status.RUNNING, 0, 0, 0),
                new Anchor(5000, Anchor.Status.PAUSED, 0, 4000, 0)));
        JdbcStore.Outcome[] fresh = store.write(List.of(
                new JournalEntry.SessionStarted("s-1", "zone-a", "r", "Routine", JournalSessionLog.json(s1.plan()), 700, 1,
                        JournalSessionLog.json(s1.anchors())),
                new JournalEntry.EventAccepted(done("w1", "e1", "s-1"), 2000),
                new JournalEntry.SessionChanged("s-1", "zone-a", 2, "pause", JournalSessionLog.json(s2.anchors()), 4700),
                new JournalEntry.EventAccepted(done("w1", "e1", "s-1"), 2100),
                new JournalEntry.EventAccepted(done("w2", "e1", "s-1"), 2200)), null);
        JdbcStore.Outcome stored = JdbcStore.Outcome.STORED;
        assertArrayEquals(new JdbcStore.Outcome[] {stored, stored, stored, JdbcStore.Outcome.DUPLICATE, stored}, fresh, "the repeated (w1, e1) is a duplicate");
        store.heartbeat(9000);
        store.close();

        store = JdbcStore.open(config());
        assertEquals(9000, store.lastHeartbeat());
        Recovery r = Recovery.read(store, List.of("zone-a", "zone-b"), 100);
        Session back = r.session("zone-a");
        assertNotNull(back);
        assertEquals(s2, back, "plan, revision and anchors are restored exactly");
        assertEquals(2, r.sessions().get("zone-a").events().size());
        assertEquals(2, r.recentKeys().get("zone-a").size());
        assertEquals(null, r.session("zone-b"));
        assertArrayEquals(new JdbcStore.Outcome[] {JdbcStore.Outcome.DUPLICATE}, store.write(List.of(
                new JournalEntry.EventAccepted(done("w2", "e1", "s-1"), 9999)), null), "de-duplication survives a restart");
    }

    @Test
    void historyAndRetention() throws Exception {
        Session s = session("s-old", 1, List.of(new Anchor(1000, Anchor.Status.RUNNING, 0, 0, 0)));
        store.write(List.of(
                new JournalEntry.SessionStarted("s-old", "zone-a", "r", "Routine", JournalSessionLog.json(s.plan()), 1000, 1,
                        JournalSessionLog.json(s.anchors())),
                new JournalEntry.EventAccepted(done("w1", "a", "s-old"), 2000),
                new JournalEntry.EventAccepted(new DeviceEvent("w1", "b", DeviceEvent.Type.PAIN, "zone-a", "s-old", 0, 0), 2000),
                new JournalEntry.SessionEnded("s-old", "zone-a", 50_000, "finished")), null);
        List<Map<String, Object>> rows = store.query("SELECT session_id, end_status FROM sessions WHERE zone = ?", "zone-a");
        assertEquals("finished", rows.get(0).get("end_status"));
        assertEquals(4, store.purge(60_000), "one session, one state row and two events removed");
        assertEquals(0, store.query("SELECT session_id FROM sessions").size());
    }

    @Test
    void sessionsWhoseTimelineRanOutGetTheirPlannedEndOnceAndRetentionThenPrunesThem() throws Exception {
        long now = 1_000_000;
        Session ranOut = session("ran-out", 1, List.of(new Anchor(1000, Anchor.Status.RUNNING, 0, 0, 0)));
        Session live = session("live", 1, List.of(new Anchor(now - 10_000, Anchor.Status.RUNNING, 0, 0, 0)));
        Session paused = session("paused", 2, List.of(new Anchor(1000, Anchor.Status.RUNNING, 0, 0, 0),
                new Anchor(5000, Anchor.Status.PAUSED, 0, 4000, 0)));
        Session stopped = session("stopped", 2, List.of(new Anchor(1000, Anchor.Status.RUNNING, 0, 0, 0),
                new Anchor(3000, Anchor.Status.STOPPED, 0, 0, 0)));
        Session done = session("done", 1, List.of(new Anchor(1000, Anchor.Status.RUNNING, 0, 0, 0)));
        Session elsewhere = new Session("elsewhere", "zone-b", 1, ranOut.plan(), ranOut.anchors());
        List<JournalEntry> entries = new ArrayList<>();
        for (Session s : List.of(ranOut, live, paused, stopped, done, elsewhere)) {
            entries.add(new JournalEntry.SessionStarted(s.id(), s.zone(), "r", "Routine", JournalSessionLog.json(s.plan()),
                    700, 1, JournalSessionLog.json(s.anchors().subList(0, 1))));
            if (s.anchors().size() > 1) {
                entries.add(new JournalEntry.SessionChanged(s.id(), s.zone(), 2, "pause", JournalSessionLog.json(s.anchors()),
                        2000));
            }
        }
        entries.add(new JournalEntry.SessionEnded("done", "zone-a", 20_000, "stopped"));
        store.write(entries, null);

        assertEquals(List.of(), store.endOverdueSessions("zone-a", now, new Fence(7, "node-x")),
                "an instance that does not hold the zone's lease writes nothing");
        assertEquals(List.of(new JournalEntry.SessionEnded("ran-out", "zone-a", 39_000, "finished"),
                new JournalEntry.SessionEnded("stopped", "zone-a", 3000, "stopped")),
                sorted(store.endOverdueSessions("zone-a", now, null)), "the plan's 8 s + 30 s after its start; the stop");
        assertEquals(List.of(new JournalEntry.SessionEnded("elsewhere", "zone-b", 39_000, "finished")),
                store.endOverdueSessions(null, now, null), "then the other zone's; nothing is written twice");
        assertEquals(List.of(), store.endOverdueSessions(null, now, null));
        assertEquals("done=20000 stopped, elsewhere=39000 finished, live=null null, paused=null null,"
                + " ran-out=39000 finished, stopped=3000 stopped", ends());

        store.purge(50_000);
        assertEquals("live=null null, paused=null null", ends(), "ended sessions are pruned; open ones stay");
    }

    private String ends() throws Exception {
        StringBuilder out = new StringBuilder();
        for (Map<String, Object> row : store.query("SELECT session_id, ended_at, end_status FROM sessions ORDER BY session_id")) {
            out.append(out.length() == 0 ? "" : ", ").append(row.get("session_id")).append('=')
                    .append(row.get("ended_at")).append(' ').append(row.get("end_status"));
        }
        return out.toString();
    }

    private static List<JournalEntry.SessionEnded> sorted(List<JournalEntry.SessionEnded> ends) {
        return ends.stream().sorted(Comparator.comparing(JournalEntry.SessionEnded::sessionId)).toList();
    }

    @Test
    void historyIsReadAPageAtATimeInAStableOrder() throws Exception {
        // s-1 and s-2 started at the same instant: the session id breaks the tie, also across pages
        List<JournalEntry> entries = new ArrayList<>();
        long[] starts = {1000, 2000, 2000, 3000, 4000};
        for (int i = 0; i < starts.length; i++) {
            entries.add(started("s-" + i, "zone-a", starts[i]));
        }
        entries.add(started("s-5", "zone-b", 2500));
        for (int i = 0; i < 5; i++) {
            entries.add(new JournalEntry.EventAccepted(done("w1", "e" + i, "s-" + i), 10_000 + i));
        }
        store.write(entries, null);

        assertEquals(List.of(List.of("s-4", "s-3"), List.of("s-5", "s-2")), pages(HistoryQuery.sessions(null, 4), 2, 0),
                "the newest four, and no page after the limit");
        assertEquals(List.of(List.of("s-4", "s-3", "s-5", "s-2"), List.of("s-1", "s-0")),
                pages(HistoryQuery.sessions(null, 100), 4, 0));
        assertEquals(List.of(List.of("s-4", "s-3"), List.of("s-2", "s-1"), List.of("s-0")),
                pages(HistoryQuery.sessions("zone-a", 100), 2, 0));
        assertEquals(List.of(List.of("s-2")), pages(HistoryQuery.session("s-2"), 10, 0));
        assertEquals(List.of(List.of("e4", "e3"), List.of("e2")), pages(HistoryQuery.deviceEvents("w1", 3), 2, 3));
        assertEquals(List.of(List.of("e1")), pages(HistoryQuery.sessionEvents("s-1"), 2, 3));
        assertEquals(List.of(List.of()), pages(HistoryQuery.sessionEvents("nothing"), 2, 3));
    }

    @Test
    void participantsAreDevicesWithEventsInTheSessionLessThoseWhoseLastEventThereIsALeave() throws Exception {
        store.write(List.of(started("s-1", "zone-a", 1000), started("s-2", "zone-a", 2000),
                event("in", DeviceEvent.Type.JOIN, "s-1"),
                event("in", DeviceEvent.Type.DONE, "s-1"),
                event("left", DeviceEvent.Type.JOIN, "s-1"),
                event("left", DeviceEvent.Type.DONE, "s-1"),
                event("left", DeviceEvent.Type.LEAVE, "s-1"),
                event("back", DeviceEvent.Type.LEAVE, "s-1"),
                event("back", DeviceEvent.Type.JOIN, "s-1"),
                event("pain-only", DeviceEvent.Type.PAIN, "s-1"),
                event("no-session", DeviceEvent.Type.JOIN, null),
                event("in", DeviceEvent.Type.LEAVE, "s-2"),
                event("elsewhere", DeviceEvent.Type.DONE, "s-2"),
                event("left-no-session", DeviceEvent.Type.DONE, "s-1"),
                event("left-no-session", DeviceEvent.Type.LEAVE, null)), null);
        HistoryPage page = store.history(HistoryQuery.sessions(null, 10), 10);
        int participants = page.columns().indexOf("participants");
        // s-1: in, back, pain-only and left-no-session (its leave names no session); s-2: elsewhere
        assertEquals(List.of(1L, 4L), page.rows().stream().map(r -> ((Number) r.get(participants)).longValue()).toList());
    }

    private static JournalEntry started(String id, String zone, long at) {
        Session s = session(id, 1, List.of(new Anchor(at + 300, Anchor.Status.RUNNING, 0, 0, 0)));
        return new JournalEntry.SessionStarted(id, zone, "r", "Routine", JournalSessionLog.json(s.plan()), at, 1,
                JournalSessionLog.json(s.anchors()));
    }

    private int seq;

    private JournalEntry event(String device, DeviceEvent.Type type, String sessionId) {
        seq++;
        return new JournalEntry.EventAccepted(new DeviceEvent(device, device + "-" + seq, type, "zone-a", sessionId,
                type.aboutAStep() ? 0 : -1, seq), 5000 + seq);
    }

    /** The value of one column of every row, page by page, following each page's next query. */
    private List<List<Object>> pages(HistoryQuery q, int pageSize, int column) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        for (HistoryQuery next = q; next != null; ) {
            HistoryPage page = store.history(next, pageSize);
            out.add(page.rows().stream().map(r -> r.get(column)).toList());
            next = page.next();
        }
        return out;
    }
}
