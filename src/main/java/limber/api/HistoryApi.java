package limber.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import limber.protocol.DeviceEventParser;
import limber.store.Journal;

/**
 * Past sessions and who did what, as JSON or CSV ({@code ?format=csv}). Queries run on the
 * journal's worker thread, never on the event loop.
 */
public final class HistoryApi {
    private static final String SESSIONS = "SELECT s.session_id, s.zone, s.routine_id, s.routine_name, s.started_at,"
            + " s.ended_at, s.end_status,"
            + " (SELECT COUNT(DISTINCT e.device_id) FROM device_events e WHERE e.session_id = s.session_id) AS participants,"
            + " (SELECT COUNT(*) FROM device_events e WHERE e.session_id = s.session_id AND e.type = 'done') AS done,"
            + " (SELECT COUNT(*) FROM device_events e WHERE e.session_id = s.session_id AND e.type = 'skip') AS skipped,"
            + " (SELECT COUNT(*) FROM device_events e WHERE e.session_id = s.session_id AND e.type = 'pain') AS pain"
            + " FROM sessions s";
    private static final String EVENTS = "SELECT e.session_id, e.zone, e.device_id, e.event_id, e.type, e.step_index,"
            + " e.device_at, e.received_at FROM device_events e";

    private final Journal journal;

    public HistoryApi(Journal journal) {
        this.journal = journal;
    }

    public void mount(Router router) {
        router.get("/api/history/sessions").handler(this::sessions);
        router.get("/api/history/sessions/:id").handler(this::session);
        router.get("/api/history/devices/:device").handler(this::device);
    }

    private void sessions(RoutingContext ctx) {
        Integer limit = limit(ctx);
        if (limit == null) {
            return;
        }
        String zone = ctx.queryParams().get("zone");
        if (zone != null && !zone.matches("[a-z0-9][a-z0-9-]{0,31}")) {
            ApiError.send(ctx, 400, "invalid_request", "zone must be a zone id");
            return;
        }
        Future<List<Map<String, Object>>> rows = zone == null
                ? journal.run(() -> journal.store().query(SESSIONS + " ORDER BY s.started_at DESC LIMIT ?", limit))
                : journal.run(() -> journal.store().query(SESSIONS + " WHERE s.zone = ? ORDER BY s.started_at DESC LIMIT ?",
                        zone, limit));
        send(ctx, rows, "sessions");
    }

    private void session(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!DeviceEventParser.ID.matcher(id).matches()) {
            ApiError.send(ctx, 400, "invalid_request", "not a session id");
            return;
        }
        journal.run(() -> journal.store().query(SESSIONS + " WHERE s.session_id = ?", id)).onComplete(ar -> {
            if (ar.failed()) {
                ApiError.send(ctx, 503, "store_unavailable", ar.cause().getMessage());
            } else if (ar.result().isEmpty()) {
                ApiError.send(ctx, 404, "unknown_session", "no session '" + id + "' in the history");
            } else {
                send(ctx, journal.run(() -> journal.store().query(EVENTS + " WHERE e.session_id = ? ORDER BY e.id", id)), "events");
            }
        });
    }

    private void device(RoutingContext ctx) {
        String device = ctx.pathParam("device");
        Integer limit = limit(ctx);
        if (limit == null) {
            return;
        }
        if (!DeviceEventParser.ID.matcher(device).matches()) {
            ApiError.send(ctx, 400, "invalid_request", "not a device id");
            return;
        }
        send(ctx, journal.run(() -> journal.store().query(EVENTS + " WHERE e.device_id = ? ORDER BY e.id DESC LIMIT ?",
                device, limit)), "events");
    }


    private static Integer limit(RoutingContext ctx) {
        String raw = ctx.queryParams().get("limit");
        try {
            int limit = raw == null ? 100 : Integer.parseInt(raw);
            if (limit < 1 || limit > 100_000) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            ApiError.send(ctx, 400, "invalid_request", "limit must be 1..100000");
            return null;
        }
    }

    private static void send(RoutingContext ctx, Future<List<Map<String, Object>>> rows, String name) {
        rows.onComplete(ar -> {
            if (ar.failed()) {
                ApiError.send(ctx, 503, "store_unavailable", ar.cause().getMessage());
                return;
            }
            if ("csv".equals(ctx.queryParams().get("format"))) {
                ctx.response().putHeader("content-type", "text/csv; charset=utf-8")
                        .putHeader("content-disposition", "attachment; filename=\"limber-" + name + ".csv\"")
                        .end(Csv.of(ar.result()));
                return;
            }
            JsonArray out = new JsonArray();
            ar.result().forEach(r -> out.add(new JsonObject(new LinkedHashMap<>(r))));
            ctx.response().putHeader("content-type", "application/json").end(new JsonObject().put(name, out).encode());
        });
    }
}
