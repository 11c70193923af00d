package limber.store;

import java.util.List;

/** The few places SQLite and PostgreSQL differ; everything else is plain SQL shared by both. */
enum Dialect {
    SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT"),
    POSTGRESQL("BIGSERIAL PRIMARY KEY");

    private final String identity;

    Dialect(String identity) {
        this.identity = identity;
    }

    /** Row lock that lets readers share but makes a concurrent lease change wait (SQLite locks the file). */
    String lockShared() {
        return this == POSTGRESQL ? " FOR SHARE" : "";
    }

    /** Versioned migrations; index + 1 is the schema version each one brings the store to. */
    List<List<String>> migrations() {
        return List.of(List.of(
                "CREATE TABLE sessions (session_id TEXT PRIMARY KEY, zone TEXT NOT NULL, routine_id TEXT NOT NULL,"
                        + " routine_name TEXT NOT NULL, plan_json TEXT NOT NULL, started_at BIGINT NOT NULL,"
                        + " ended_at BIGINT, end_status TEXT)",
                "CREATE INDEX sessions_zone ON sessions (zone, started_at)",
                "CREATE TABLE session_states (id " + identity + ", session_id TEXT NOT NULL, zone TEXT NOT NULL,"
                        + " revision BIGINT NOT NULL, command TEXT NOT NULL, anchors_json TEXT NOT NULL,"
                        + " recorded_at BIGINT NOT NULL)",
                "CREATE INDEX session_states_session ON session_states (session_id, id)",
                "CREATE TABLE device_events (id " + identity + ", zone TEXT NOT NULL, session_id TEXT,"
                        + " device_id TEXT NOT NULL, event_id TEXT NOT NULL, type TEXT NOT NULL, step_index INTEGER NOT NULL,"
                        + " device_at BIGINT NOT NULL, received_at BIGINT NOT NULL, UNIQUE (device_id, event_id))",
                "CREATE INDEX device_events_session ON device_events (session_id, id)",
                "CREATE INDEX device_events_device ON device_events (device_id, id)",
                "CREATE TABLE engine_heartbeat (id INTEGER PRIMARY KEY, at BIGINT NOT NULL)"),
                // 2: clustered mode. One row per zone: the fencing epoch and the instance that owns it
                // (null while it is being handed over); one row per live instance, renewed on the
                // database's own clock so instance clocks never decide who is alive.
                List.of("CREATE TABLE zone_lease (zone TEXT PRIMARY KEY, epoch BIGINT NOT NULL, owner TEXT,"
                                + " changed_ms BIGINT NOT NULL)",
                        "CREATE TABLE cluster_node (node_id TEXT PRIMARY KEY, instance TEXT NOT NULL,"
                                + " renewed_ms BIGINT NOT NULL)",
                        "CREATE INDEX session_states_zone ON session_states (zone, id)"),
                // 3: a trainer's acknowledgement of a pain alert, so open alerts survive a restart or takeover
                List.of("CREATE TABLE alert_acks (session_id TEXT NOT NULL, zone TEXT NOT NULL, event_id TEXT NOT NULL,"
                        + " acked_at BIGINT NOT NULL, PRIMARY KEY (session_id, event_id))"),
                // 4: history. Who is still in a session (each device's latest event there) and the newest
                // sessions first, read a page at a time from where the previous page ended
                List.of("CREATE INDEX device_events_session_device ON device_events (session_id, device_id, id)",
                        "CREATE INDEX sessions_started ON sessions (started_at, session_id)"),
                // 5: the floor's accounts, changed at runtime from the tablet. A device paired there, or a
                // change to one listed in config/devices.yaml (rename, move, revocation: secret_hash null
                // keeps the config's credential); trainers added there, or a config trainer's new
                // password, admin right or disabling. Secrets only as hashes.
                List.of("CREATE TABLE devices (device_id TEXT PRIMARY KEY, role TEXT NOT NULL, zone TEXT NOT NULL,"
                                + " name TEXT NOT NULL, secret_hash TEXT, created_at BIGINT NOT NULL,"
                                + " changed_at BIGINT NOT NULL, revoked_at BIGINT)",
                        "CREATE TABLE trainers (name TEXT PRIMARY KEY, password_hash TEXT, admin INTEGER NOT NULL,"
                                + " disabled INTEGER NOT NULL, changed_at BIGINT NOT NULL)"),
                // 6: each zone's sound as a trainer set it on the tablet (off, tones, tones and voice; volume),
                // so a restarted engine republishes what the room last heard
                List.of("CREATE TABLE zone_sound (zone TEXT PRIMARY KEY, mode TEXT NOT NULL, volume INTEGER NOT NULL,"
                        + " changed_by TEXT NOT NULL, changed_at BIGINT NOT NULL)"));
    }
}
