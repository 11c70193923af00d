package limber.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import limber.config.LimberConfig;

/**
 * A journal written at schema version 3 (before the history indexes), opened by this version: every
 * row is kept, each later version is applied once, and the history reads the old rows by today's rules.
 * A journal at version 4 (before the floor's accounts) keeps its sessions and gains the devices and
 * trainers tables. A journal at version 5 keeps its accounts and gains each zone's sound setting.
 */
abstract class SchemaUpgradeContract {
    /** The store the engine opens; empty until the test writes version 3 into it. */
    abstract LimberConfig.Store config() throws Exception;

    /** A plain auto-committing connection to that same store. */
    abstract Connection connect() throws Exception;

    abstract Dialect dialect();

    /** SQL listing the names of the store's indexes. */
    abstract String indexNames();

    @Test
    void aVersionThreeJournalKeepsItsRowsAndGainsTheHistoryIndexes() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            migrateTo(s, 3);
            // as version 3 wrote them: joins and leaves without a session id, a pain alert acknowledged
            s.execute("INSERT INTO sessions (session_id, zone, routine_id, routine_name, plan_json, started_at, ended_at,"
                    + " end_status) VALUES ('s-1', 'main-floor', 'beginner', 'Beginner', '{}', 1000, 61000, 'finished')");
            s.execute("INSERT INTO session_states (session_id, zone, revision, command, anchors_json, recorded_at)"
                    + " VALUES ('s-1', 'main-floor', 1, 'start', '[]', 1000)");
            String events = "INSERT INTO device_events (zone, session_id, device_id, event_id, type, step_index, device_at,"
                    + " received_at) VALUES ";
            s.execute(events + "('main-floor', NULL, 'w1', 'w1-a', 'join', -1, 1100, 1110)");
            s.execute(events + "('main-floor', 's-1', 'w1', 'w1-b', 'done', 0, 2000, 2010)");
            s.execute(events + "('main-floor', NULL, 'w2', 'w2-a', 'join', -1, 1200, 1210)");
            s.execute(events + "('main-floor', 's-1', 'w2', 'w2-b', 'pain', 0, 3000, 3010)");
            s.execute(events + "('main-floor', NULL, 'w2', 'w2-c', 'leave', -1, 4000, 4010)");
            s.execute(events + "('main-floor', NULL, 'w3', 'w3-a', 'join', -1, 1300, 1310)");
            s.execute("INSERT INTO alert_acks (session_id, zone, event_id, acked_at) VALUES ('s-1', 'main-floor', 'w2-b', 3500)");
            s.execute("INSERT INTO engine_heartbeat (id, at) VALUES (1, 62000)");
        }

        try (JdbcStore store = JdbcStore.open(config())) {
            int newest = dialect().migrations().size();
            assertEquals(newest, number(store, "SELECT MAX(version) FROM schema_version"));
            assertEquals(newest, number(store, "SELECT COUNT(*) FROM schema_version"), "each version once");
            List<String> indexes = new ArrayList<>();
            store.query(indexNames()).forEach(r -> indexes.add(r.values().iterator().next().toString().toLowerCase()));
            assertTrue(indexes.containsAll(List.of("device_events_session_device", "sessions_started")), indexes.toString());
            assertEquals(62000, store.lastHeartbeat());
            assertEquals(6, store.query("SELECT event_id FROM device_events").size());
            assertEquals(1, store.query("SELECT event_id FROM alert_acks WHERE session_id = 's-1'").size());

            HistoryPage page = store.history(HistoryQuery.session("s-1"), 10);
            assertEquals(List.of("session_id", "zone", "routine_id", "routine_name", "started_at", "ended_at", "duration_ms",
                    "end_status", "participants", "done", "skipped", "pain"), page.columns());
            // w1 and w2 have events for s-1 (their joins and w2's leave name no session, so count for nothing)
            assertEquals("[s-1, main-floor, beginner, Beginner, 1000, 61000, 60000, finished, 2, 1, 0, 1]",
                    numbersAsLongs(page.rows().get(0)).toString());
            assertEquals(List.of("w2-c", "w2-b", "w2-a"), column(store.history(HistoryQuery.deviceEvents("w2", 10), 10), 3));
        }
    }

    @Test
    void aVersionFourJournalGainsTheAccountTables() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            migrateTo(s, 4);
            s.execute("INSERT INTO sessions (session_id, zone, routine_id, routine_name, plan_json, started_at, ended_at,"
                    + " end_status) VALUES ('s-9', 'main-floor', 'beginner', 'Beginner', '{}', 1000, 61000, 'finished')");
        }
        try (JdbcStore store = JdbcStore.open(config())) {
            assertEquals(dialect().migrations().size(), number(store, "SELECT MAX(version) FROM schema_version"));
            assertEquals(1, store.query("SELECT session_id FROM sessions").size());
            assertEquals(List.of(), store.devices());
            StoredDevice paired = new StoredDevice("display-abc123", "display", "main-floor", "Wall left", "$s256$x", 10, 10, 0);
            StoredDevice revoked = new StoredDevice("watch-0042", "watch", "main-floor", "Watch 42", null, 5, 20, 20);
            store.putDevice(paired);
            store.putDevice(revoked);
            store.putDevice(new StoredDevice("display-abc123", "display", "studio-b", "Wall left", "$s256$x", 10, 30, 0));
            assertEquals(List.of(new StoredDevice("display-abc123", "display", "studio-b", "Wall left", "$s256$x", 10, 30, 0),
                    revoked), store.devices());
            StoredTrainer sam = new StoredTrainer("sam", "$7$h", false, true, 40);
            store.putTrainer(sam);
            assertEquals(List.of(sam), store.trainers());
        }
    }

    @Test
    void aVersionFiveJournalKeepsItsAccountsAndGainsZoneSound() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            migrateTo(s, 5);
            s.execute("INSERT INTO trainers (name, password_hash, admin, disabled, changed_at) VALUES ('sam', '$7$h', 1, 0, 40)");
        }
        try (JdbcStore store = JdbcStore.open(config())) {
            assertEquals(6, number(store, "SELECT MAX(version) FROM schema_version"));
            assertEquals(6, number(store, "SELECT COUNT(*) FROM schema_version"), "each version once");
            assertEquals(List.of(new StoredTrainer("sam", "$7$h", true, false, 40)), store.trainers());
            assertEquals(List.of(), store.sounds(), "no zone has a setting until a trainer changes one");
            store.putSound(new StoredSound("main-floor", "tones", 40, "sam", 50));
            store.putSound(new StoredSound("studio-b", "off", 0, "sam", 60));
            store.putSound(new StoredSound("main-floor", "voice", 75, "alex", 70));
            assertEquals(List.of(new StoredSound("main-floor", "voice", 75, "alex", 70),
                    new StoredSound("studio-b", "off", 0, "sam", 60)), store.sounds());
        }
        try (JdbcStore again = JdbcStore.open(config())) {
            assertEquals(6, number(again, "SELECT COUNT(*) FROM schema_version"), "reopening applies nothing twice");
            assertEquals(2, again.sounds().size());
        }
    }

    /** Brings an empty store to {@code version} as that version of the engine did. */
    private void migrateTo(Statement s, int version) throws Exception {
        s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
        for (int v = 0; v < version; v++) {
            for (String sql : dialect().migrations().get(v)) {
                s.execute(sql);
            }
            s.execute("INSERT INTO schema_version (version) VALUES (" + (v + 1) + ")");
        }
    }

    private static long number(JdbcStore store, String sql) throws Exception {
        return ((Number) store.query(sql).get(0).values().iterator().next()).longValue();
    }

    static List<Object> numbersAsLongs(List<Object> row) {
        return row.stream().map(v -> v instanceof Number n ? (Object) n.longValue() : v).toList();
    }

    static List<Object> column(HistoryPage page, int index) {
        return page.rows().stream().map(r -> r.get(index)).toList();
    }
}
