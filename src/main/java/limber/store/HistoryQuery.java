package limber.store;

import java.util.ArrayList;
import java.util.List;

/**
 * One history read: the newest sessions, one session, a session's events or a device's events. It is
 * read a page at a time in a fixed order, each page starting after the last row of the one before
 * (keyset paging), so no export needs one long query and rows can be sent while the next page is
 * read. Every query selects its paging key last; those columns are not part of the rows.
 */
public final class HistoryQuery {
    /**
     * A session's participants: the devices with at least one event journaled for it, less those
     * whose latest event there is a leave. Join and leave events without a session id count for none.
     */
    static final String PARTICIPANTS = "(SELECT COUNT(*) FROM device_events p WHERE p.session_id = s.session_id"
            + " AND p.type <> 'leave' AND p.id = (SELECT MAX(q.id) FROM device_events q"
            + " WHERE q.session_id = s.session_id AND q.device_id = p.device_id))";
    private static final String SESSIONS = "SELECT s.session_id, s.zone, s.routine_id, s.routine_name, s.started_at,"
            + " s.ended_at, s.ended_at - s.started_at AS duration_ms, s.end_status, " + PARTICIPANTS + " AS participants,"
            + count("done") + " AS done," + count("skip") + " AS skipped," + count("pain") + " AS pain,"
            + " s.started_at AS key_started, s.session_id AS key_id FROM sessions s";
    private static final String EVENTS = "SELECT e.session_id, e.zone, e.device_id, e.event_id, e.type, e.step_index,"
            + " e.device_at, e.received_at, e.id AS key_id FROM device_events e";

    final String select;
    final List<String> filters;
    final List<Object> params;
    final String after;
    final String order;
    final int keys;
    /** Rows still to read; {@link Integer#MAX_VALUE}: all there are. */
    final int remaining;
    /** The key of the last row read so far, or null before the first page. */
    final Object[] last;

    private HistoryQuery(String select, List<String> filters, List<Object> params, String after, String order, int keys,
                         int remaining, Object[] last) {
        this.select = select;
        this.filters = filters;
        this.params = params;
        this.after = after;
        this.order = order;
        this.keys = keys;
        this.remaining = remaining;
        this.last = last;
    }

    /** The newest {@code limit} sessions, of one zone or (zone null) of all. */
    public static HistoryQuery sessions(String zone, int limit) {
        return new HistoryQuery(SESSIONS, zone == null ? List.of() : List.of("s.zone = ?"),
                zone == null ? List.of() : List.of(zone), "(s.started_at, s.session_id) < (?, ?)",
                "s.started_at DESC, s.session_id DESC", 2, limit, null);
    }

    /** One session's row (none if there is no such session). */
    public static HistoryQuery session(String sessionId) {
        return new HistoryQuery(SESSIONS, List.of("s.session_id = ?"), List.of(sessionId),
                "(s.started_at, s.session_id) < (?, ?)", "s.started_at DESC, s.session_id DESC", 2, 1, null);
    }

    /** Every event of a session, in the order the journal took them. */
    public static HistoryQuery sessionEvents(String sessionId) {
        return new HistoryQuery(EVENTS, List.of("e.session_id = ?"), List.of(sessionId), "e.id > ?", "e.id", 1,
                Integer.MAX_VALUE, null);
    }

    /** A device's newest {@code limit} events, newest first. */
    public static HistoryQuery deviceEvents(String deviceId, int limit) {
        return new HistoryQuery(EVENTS, List.of("e.device_id = ?"), List.of(deviceId), "e.id < ?", "e.id DESC", 1, limit,
                null);
    }

    /** The same query from after {@code key} on, with {@code read} fewer rows still to read; null when done. */
    HistoryQuery next(Object[] key, int read, boolean pageWasFull) {
        int left = remaining == Integer.MAX_VALUE ? remaining : remaining - read;
        if (!pageWasFull || left <= 0) {
            return null;
        }
        return new HistoryQuery(select, filters, params, after, order, keys, left, key);
    }

    /** The SQL of the next page and its parameters, at most {@code pageSize} rows. */
    String sql(int pageSize, List<Object> values) {
        List<String> where = new ArrayList<>(filters);
        values.addAll(params);
        if (last != null) {
            where.add(after);
            values.addAll(List.of(last));
        }
        values.add(Math.min(pageSize, remaining));
        return select + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY " + order
                + " LIMIT ?";
    }

    private static String count(String type) {
        return " (SELECT COUNT(*) FROM device_events e WHERE e.session_id = s.session_id AND e.type = '" + type + "')";
    }
}
