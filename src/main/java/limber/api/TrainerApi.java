package limber.api;

import java.util.Locale;
import java.util.Map;

import io.vertx.core.AsyncResult;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import limber.clock.ZoneCommand;
import limber.clock.ZoneOwner;
import limber.config.Settings;
import limber.routine.InvalidOptionException;
import limber.routine.PlanCompiler;
import limber.routine.Routine;
import limber.routine.SessionOptions;
import limber.routine.Stretch;
import limber.session.CommandResult;

/**
 * The trainer's HTTP API. Handlers run on the engine's event loop, the same thread that owns the
 * zones, so a command is applied and answered without any hand-off.
 */
public final class TrainerApi {
    private final Settings settings;
    private final Map<String, ZoneOwner> zones;
    private final PlanCompiler compiler;

    public TrainerApi(Settings settings, Map<String, ZoneOwner> zones) {
        this.settings = settings;
        this.zones = zones;
        this.compiler = new PlanCompiler(settings.catalog(), settings.holdPolicy());
    }

    public void mount(Router router) {
        router.get("/api/routines").handler(this::routines);
        router.get("/api/stretches").handler(this::stretches);
        router.get("/api/policy").handler(ctx -> json(ctx, 200, JsonObject.mapFrom(settings.holdPolicy())
                .put("extendSeconds", settings.engine().session().extendSeconds())));
        router.get("/api/zones").handler(this::zones);
        router.get("/api/client-config").handler(this::clientConfig);
        router.get("/api/zones/:zone").handler(ctx -> withZone(ctx, z -> json(ctx, 200, state(z))));
        router.post("/api/zones/:zone/session").handler(ctx -> withZone(ctx, z -> start(ctx, z)));
        router.post("/api/zones/:zone/session/:command").handler(ctx -> withZone(ctx, z -> command(ctx, z)));
        router.get("/api/zones/:zone/alerts").handler(ctx -> withZone(ctx, z -> {
            JsonArray out = new JsonArray();
            z.openAlerts().forEach(a -> out.add(new JsonObject(a.toString())));
            json(ctx, 200, new JsonObject().put("alerts", out));
        }));
        router.post("/api/zones/:zone/alerts/:eventId/ack").handler(ctx -> withZone(ctx, z -> {
            if (z.acknowledgeAlert(ctx.pathParam("eventId"))) {
                json(ctx, 200, state(z));
            } else {
                ApiError.send(ctx, 404, "unknown_alert", "no open alert '" + ctx.pathParam("eventId") + "' in this zone");
            }
        }));
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
        json(ctx, 200, out);
    }

    private void stretches(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        for (Stretch s : settings.catalog().stretches()) {
            out.add(JsonObject.mapFrom(s).put("style", s.style().name().toLowerCase(Locale.ROOT)));
        }
        json(ctx, 200, out);
    }

    /** What a page needs to connect: where the broker's WebSocket is and the command lead. */
    private void clientConfig(RoutingContext ctx) {
        var b = settings.engine().broker();
        JsonObject mqtt = new JsonObject().put("url", b.pagesUrl().isEmpty() ? null : b.pagesUrl())
                .put("websocketPort", b.embedded() ? b.websocketPort() : null)
                .put("websocketPath", b.websocketPath());
        json(ctx, 200, new JsonObject().put("mqtt", mqtt).put("leadMs", settings.engine().session().leadMs())
                .put("extendSeconds", settings.engine().session().extendSeconds()));
    }

    private void zones(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        settings.engine().zones().forEach(z -> {
            JsonObject state = state(zones.get(z.id()));
            out.add(new JsonObject().put("id", z.id()).put("name", z.name()).put("status", state.getString("status"))
                    .put("sessionId", state.getValue("sessionId")));
        });
        json(ctx, 200, out);
    }

    private void start(RoutingContext ctx, ZoneOwner zone) {
        JsonObject body = body(ctx);
        if (body == null) {
            return;
        }
        Object routineId = body.getValue("routineId");
        if (!(routineId instanceof String id)) {
            ApiError.send(ctx, 400, "invalid_request", "routineId (string) is required");
            return;
        }
        Routine routine = settings.catalog().routine(id).orElse(null);
        if (routine == null) {
            ApiError.send(ctx, 404, "unknown_routine", "no routine '" + id + "'; see GET /api/routines");
            return;
        }
        SessionOptions options;
        try {
            for (String f : body.fieldNames()) {
                if (!f.equals("routineId") && !f.equals("holdSeconds") && !f.equals("reps") && !f.equals("lowFlexibility")) {
                    ApiError.send(ctx, 400, "invalid_request", "unknown field '" + f + "'");
                    return;
                }
            }
            options = settings.holdPolicy().resolve(integer(body, "holdSeconds"), integer(body, "reps"),
                    bool(body, "lowFlexibility"));
        } catch (InvalidOptionException e) {
            ApiError.send(ctx, 400, "invalid_option", e.getMessage());
            return;
        }
        zone.start(compiler.compile(routine, options)).onComplete(ar -> respond(ctx, zone, ar, 201));
    }

    private void command(RoutingContext ctx, ZoneOwner zone) {
        ZoneCommand command;
        try {
            command = ZoneCommand.valueOf(ctx.pathParam("command").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            ApiError.send(ctx, 404, "unknown_command",
                    "commands are pause, resume, skip, back, extend and stop; got '" + ctx.pathParam("command") + "'");
            return;
        }
        int seconds = settings.engine().session().extendSeconds();
        if (command == ZoneCommand.EXTEND && ctx.body().length() > 0) {
            JsonObject body = body(ctx);
            if (body == null) {
                return;
            }
            try {
                Integer s = integer(body, "seconds");
                seconds = s != null ? s : seconds;
            } catch (InvalidOptionException e) {
                ApiError.send(ctx, 400, "invalid_option", e.getMessage());
                return;
            }
        }
        zone.command(command, seconds).onComplete(ar -> respond(ctx, zone, ar, 200));
    }

    private void respond(RoutingContext ctx, ZoneOwner zone, AsyncResult<CommandResult> ar, int okStatus) {
        if (ar.failed()) {
            ApiError.send(ctx, 503, "store_unavailable", "the command could not be saved, so it was not applied: "
                    + ar.cause().getMessage());
            return;
        }
        CommandResult result = ar.result();
        if (result instanceof CommandResult.Rejected r) {
            int status = r.reason() == CommandResult.Reason.BAD_ARGUMENT ? 400 : 409;
            ApiError.send(ctx, status, r.reason().name().toLowerCase(Locale.ROOT), r.message());
            return;
        }
        CommandResult.Applied a = (CommandResult.Applied) result;
        json(ctx, okStatus, state(zone).put("effectiveAt", a.effectiveAt()));
    }

    private void withZone(RoutingContext ctx, java.util.function.Consumer<ZoneOwner> action) {
        ZoneOwner z = zones.get(ctx.pathParam("zone"));
        if (z == null) {
            ApiError.send(ctx, 404, "unknown_zone", "no zone '" + ctx.pathParam("zone") + "'; see GET /api/zones");
            return;
        }
        action.accept(z);
    }

    private static JsonObject state(ZoneOwner z) {
        return new JsonObject(z.state().toString());
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

    private static Integer integer(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        throw new InvalidOptionException(field, v, "must be a whole number");
    }

    private static boolean bool(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new InvalidOptionException(field, v, "must be true or false");
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(body instanceof JsonArray a ? a.encode() : ((JsonObject) body).encode());
    }
}
