package limber.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import limber.protocol.DeviceEventParser;
import limber.store.HistoryPage;
import limber.store.HistoryQuery;
import limber.store.Journal;

/**
 * Past sessions and who did what, as JSON or CSV ({@code ?format=csv}). Queries run on the
 * journal's worker thread, never on the event loop.
 */
public final class HistoryApi {
    private static final int PAGE = 1000;

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
        send(ctx, read(HistoryQuery.sessions(zone, limit)), "sessions");
    }

    private void session(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!DeviceEventParser.ID.matcher(id).matches()) {
            ApiError.send(ctx, 400, "invalid_request", "not a session id");
            return;
        }
        read(HistoryQuery.session(id)).onComplete(ar -> {
            if (ar.failed()) {
                ApiError.send(ctx, 503, "store_unavailable", ar.cause().getMessage());
            } else if (ar.result().isEmpty()) {
                ApiError.send(ctx, 404, "unknown_session", "no session '" + id + "' in the history");
            } else {
                send(ctx, read(HistoryQuery.sessionEvents(id)), "events");
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
        send(ctx, read(HistoryQuery.deviceEvents(device, limit)), "events");
    }


    /** Every row of {@code q}, read a page at a time on the journal's thread. */
    private Future<List<Map<String, Object>>> read(HistoryQuery q) {
        return journal.run(() -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (HistoryQuery next = q; next != null; ) {
                HistoryPage page = journal.store().history(next, PAGE);
                for (List<Object> values : page.rows()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 0; c < values.size(); c++) {
                        row.put(page.columns().get(c), values.get(c));
                    }
                    rows.add(row);
                }
                next = page.next();
            }
            return rows;
        });
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
