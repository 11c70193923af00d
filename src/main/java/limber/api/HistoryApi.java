package limber.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import limber.protocol.DeviceEventParser;
import limber.store.HistoryQuery;
import limber.store.Journal;

/**
 * Past sessions and who did what, as JSON or CSV ({@code ?format=csv}). Rows are read a page at a
 * time on the history thread, with its own connection, and encoded there too (see
 * {@link HistoryExport}): never on the event loop, and never in the way of the journal's writes.
 */
public final class HistoryApi {
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
        HistoryExport.send(ctx, journal, HistoryQuery.sessions(zone, limit), "sessions");
    }

    private void session(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!DeviceEventParser.ID.matcher(id).matches()) {
            ApiError.send(ctx, 400, "invalid_request", "not a session id");
            return;
        }
        journal.read(() -> journal.store().history(HistoryQuery.session(id), 1)).onComplete(ar -> {
            if (ar.failed()) {
                ApiError.send(ctx, 503, "store_unavailable", ar.cause().getMessage());
            } else if (ar.result().rows().isEmpty()) {
                ApiError.send(ctx, 404, "unknown_session", "no session '" + id + "' in the history");
            } else {
                HistoryExport.send(ctx, journal, HistoryQuery.sessionEvents(id), "events");
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
        HistoryExport.send(ctx, journal, HistoryQuery.deviceEvents(device, limit), "events");
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
}
