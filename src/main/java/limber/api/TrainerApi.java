package limber.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import limber.clock.ZoneCall;
import limber.clock.ZoneResult;
import limber.clock.ZoneRoutes;
import limber.config.LimberConfig;
import limber.config.Settings;
import limber.routine.Routine;
import limber.routine.Stretch;

/**
 * The trainer's HTTP API. Zone calls go to the zone's owner: on a single engine that is this event
 * loop, so a command is applied and answered without any hand-off; in a cluster it may be another
 * instance, reached over the event bus.
 */
public final class TrainerApi {
    private final Settings settings;
    private final ZoneRoutes routes;
    private final ZoneRequests requests;
    /** Read once, on a worker at the first request: hashing the page files has no place on the event loop. */
    private Future<String> shellVersion;

    public TrainerApi(Settings settings, ZoneRoutes routes) {
        this.settings = settings;
        this.routes = routes;
        this.requests = new ZoneRequests(settings);
    }

    public void mount(Router router) {
        router.get("/api/routines").handler(this::routines);
        router.get("/api/stretches").handler(this::stretches);
        router.get("/api/policy").handler(ctx -> JsonReply.send(ctx, 200, JsonObject.mapFrom(settings.holdPolicy())
                .put("extendSeconds", settings.engine().session().extendSeconds())));
        router.get("/api/zones").handler(this::zones);
        router.get("/api/client-config").handler(this::clientConfig);
        router.get("/api/zones/:zone").handler(ctx -> onZone(ctx, new ZoneCall.ReadState(), 200));
        router.post("/api/zones/:zone/session").handler(ctx -> {
            JsonObject body = body(ctx);
            if (body != null) {
                onZone(ctx, requests.start(body), 201);
            }
        });
        router.post("/api/zones/:zone/session/:command").handler(ctx -> {
            JsonObject body = ctx.body().length() > 0 ? body(ctx) : new JsonObject();
            if (body != null) {
                onZone(ctx, requests.command(ctx.pathParam("command"), ctx.body().length() > 0 ? body : null), 200);
            }
        });
        router.get("/api/zones/:zone/alerts").handler(ctx -> onZone(ctx, new ZoneCall.ListAlerts(), 200));
        router.post("/api/zones/:zone/alerts/:eventId/ack").handler(ctx -> onZone(ctx,
                new ZoneCall.AcknowledgeAlert(ctx.pathParam("eventId")), 200));
    }

    private void onZone(RoutingContext ctx, ZoneRequests.Request request, int okStatus) {
        if (!knownZone(ctx)) {
            return;
        }
        if (request instanceof ZoneRequests.Request.Invalid bad) {
            ApiError.send(ctx, bad.status(), bad.code(), bad.message());
            return;
        }
        onZone(ctx, ((ZoneRequests.Request.Call) request).call(), okStatus);
    }

    /** Runs a zone call wherever the zone's owner is; a zone between owners answers 503 for a moment. */
    private void onZone(RoutingContext ctx, ZoneCall call, int okStatus) {
        if (!knownZone(ctx)) {
            return;
        }
        String zone = ctx.pathParam("zone");
        routes.call(zone, call).onComplete(ar -> {
            if (ar.failed() && ar.cause() instanceof ReplyException r && r.failureType() != ReplyFailure.NO_HANDLERS) {
                // the owner got the call and may have applied it: a blind retry could skip or extend twice
                ApiError.send(ctx, 504, "outcome_unknown", "the engine instance running zone '" + zone
                        + "' did not answer in time; check the zone's state before trying again");
                return;
            }
            if (ar.failed()) {
                ctx.response().putHeader("Retry-After", "1");
                ApiError.send(ctx, 503, "zone_unavailable", "zone '" + zone + "' is moving to another engine instance;"
                        + " try again in a second (" + ar.cause().getMessage() + ")");
                return;
            }
            ZoneReplies.send(ctx, ar.result(), okStatus);
        });
    }

    private boolean knownZone(RoutingContext ctx) {
        String zone = ctx.pathParam("zone");
        if (routes.exists(zone)) {
            return true;
        }
        ApiError.send(ctx, 404, "unknown_zone", "no zone '" + zone + "'; see GET /api/zones");
        return false;
    }

    private void routines(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        for (Routine r : settings.catalog().routines()) {
            JsonArray steps = new JsonArray();
            r.steps().forEach(id -> steps.add(new JsonObject().put("id", id)
                    .put("name", settings.catalog().stretch(id).name())));
            out.add(new JsonObject().put("id", r.id()).put("name", r.name()).put("description", r.description())
                    .put("timing", r.timing().name().toLowerCase(Locale.ROOT)).put("steps", steps));
        }
        JsonReply.send(ctx, 200, out);
    }

    private void stretches(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        for (Stretch s : settings.catalog().stretches()) {
            out.add(JsonObject.mapFrom(s).put("style", s.style().name().toLowerCase(Locale.ROOT)));
        }
        JsonReply.send(ctx, 200, out);
    }

    /** What a page needs to connect: where the broker's WebSocket is and the command lead. */
    private void clientConfig(RoutingContext ctx) {
        var b = settings.engine().broker();
        JsonObject mqtt = new JsonObject().put("url", b.pagesUrl().isEmpty() ? null : b.pagesUrl())
                .put("websocketPort", b.embedded() ? b.websocketPort() : null)
                .put("websocketPath", b.websocketPath());
        if (shellVersion == null) {
            shellVersion = ctx.vertx().executeBlocking(() -> ShellVersion.of(Path.of("displays")));
        }
        shellVersion.onComplete(v -> JsonReply.send(ctx, 200, new JsonObject().put("mqtt", mqtt)
                .put("leadMs", settings.engine().session().leadMs())
                .put("extendSeconds", settings.engine().session().extendSeconds())
                .put("version", v.succeeded() ? v.result() : "unknown")));
    }

    private void zones(RoutingContext ctx) {
        List<Future<JsonObject>> states = settings.engine().zones().stream()
                .map(z -> routes.call(z.id(), new ZoneCall.ReadState())
                        .map(r -> new JsonObject(((ZoneResult.State) r).state().toString()))
                        .otherwise(new JsonObject().put("status", "unavailable")))
                .toList();
        Future.join(states).onComplete(ignored -> {
            JsonArray out = new JsonArray();
            for (int i = 0; i < states.size(); i++) {
                LimberConfig.Zone z = settings.engine().zones().get(i);
                JsonObject state = states.get(i).result();
                out.add(new JsonObject().put("id", z.id()).put("name", z.name()).put("status", state.getString("status"))
                        .put("sessionId", state.getValue("sessionId")));
            }
            JsonReply.send(ctx, 200, out);
        });
    }

    private static JsonObject body(RoutingContext ctx) {
        try {
            Object parsed = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
            if (parsed == null) {
                return new JsonObject();
            }
            return (JsonObject) parsed;
        } catch (DecodeException | ClassCastException e) {
            ApiError.send(ctx, 400, "invalid_json", "the request body must be a JSON object");
            return null;
        }
    }

}
