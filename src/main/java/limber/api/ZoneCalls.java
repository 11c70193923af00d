package limber.api;

import java.util.Locale;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import limber.clock.ZoneCommand;
import limber.clock.ZoneOwner;
import limber.config.Settings;
import limber.routine.InvalidOptionException;
import limber.routine.PlanCompiler;
import limber.routine.Routine;
import limber.routine.SessionOptions;
import limber.session.CommandResult;

/**
 * Trainer calls on one zone, run on the instance that owns it. A call is a small JSON object
 * ({@code op} plus arguments) so it can travel over the clustered event bus; the reply is
 * {@code {status, body}}, exactly what the HTTP response will carry.
 */
public final class ZoneCalls {
    private final Settings settings;
    private final PlanCompiler compiler;

    public ZoneCalls(Settings settings) {
        this.settings = settings;
        this.compiler = new PlanCompiler(settings.catalog(), settings.holdPolicy());
    }

    static JsonObject reply(int status, JsonObject body) {
        return new JsonObject().put("status", status).put("body", body);
    }

    static JsonObject error(int status, String code, String message) {
        return reply(status, new JsonObject().put("error", code).put("message", message));
    }

    public Future<JsonObject> execute(ZoneOwner zone, JsonObject call) {
        String op = call.getString("op", "");
        return switch (op) {
            case "state" -> Future.succeededFuture(reply(200, state(zone)));
            case "start" -> start(zone, call.getJsonObject("body", new JsonObject()));
            case "command" -> command(zone, call.getString("command", ""), call.getJsonObject("body"));
            case "alerts" -> {
                JsonArray out = new JsonArray();
                zone.openAlerts().forEach(a -> out.add(new JsonObject(a.toString())));
                yield Future.succeededFuture(reply(200, new JsonObject().put("alerts", out)));
            }
            case "ack" -> zone.acknowledgeAlert(call.getString("eventId", "")).transform(ar -> Future.succeededFuture(
                    ar.failed() ? error(503, "store_unavailable", "the acknowledgement could not be saved: "
                            + ar.cause().getMessage())
                            : ar.result() ? reply(200, state(zone))
                            : error(404, "unknown_alert", "no open alert '" + call.getString("eventId") + "' in this zone")));
            default -> Future.succeededFuture(error(400, "invalid_request", "unknown zone call '" + op + "'"));
        };
    }

    private Future<JsonObject> start(ZoneOwner zone, JsonObject body) {
        Object routineId = body.getValue("routineId");
        if (!(routineId instanceof String id)) {
            return Future.succeededFuture(error(400, "invalid_request", "routineId (string) is required"));
        }
        Routine routine = settings.catalog().routine(id).orElse(null);
        if (routine == null) {
            return Future.succeededFuture(error(404, "unknown_routine", "no routine '" + id + "'; see GET /api/routines"));
        }
        SessionOptions options;
        try {
            for (String f : body.fieldNames()) {
                if (!f.equals("routineId") && !f.equals("holdSeconds") && !f.equals("reps") && !f.equals("lowFlexibility")) {
                    return Future.succeededFuture(error(400, "invalid_request", "unknown field '" + f + "'"));
                }
            }
            options = settings.holdPolicy().resolve(integer(body, "holdSeconds"), integer(body, "reps"),
                    bool(body, "lowFlexibility"));
        } catch (InvalidOptionException e) {
            return Future.succeededFuture(error(400, "invalid_option", e.getMessage()));
        }
        return zone.start(compiler.compile(routine, options)).transform(ar -> Future.succeededFuture(result(zone, ar, 201)));
    }

    private Future<JsonObject> command(ZoneOwner zone, String name, JsonObject body) {
        ZoneCommand command;
        try {
            command = ZoneCommand.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(error(404, "unknown_command",
                    "commands are pause, resume, skip, back, extend and stop; got '" + name + "'"));
        }
        int seconds = settings.engine().session().extendSeconds();
        if (command == ZoneCommand.EXTEND && body != null) {
            try {
                Integer s = integer(body, "seconds");
                seconds = s != null ? s : seconds;
            } catch (InvalidOptionException e) {
                return Future.succeededFuture(error(400, "invalid_option", e.getMessage()));
            }
        }
        return zone.command(command, seconds).transform(ar -> Future.succeededFuture(result(zone, ar, 200)));
    }

    private static JsonObject result(ZoneOwner zone, AsyncResult<CommandResult> ar, int okStatus) {
        if (ar.failed()) {
            return error(503, "store_unavailable", "the command could not be saved, so it was not applied: "
                    + ar.cause().getMessage());
        }
        if (ar.result() instanceof CommandResult.Rejected r) {
            int status = r.reason() == CommandResult.Reason.BAD_ARGUMENT ? 400 : 409;
            return error(status, r.reason().name().toLowerCase(Locale.ROOT), r.message());
        }
        CommandResult.Applied a = (CommandResult.Applied) ar.result();
        return reply(okStatus, state(zone).put("effectiveAt", a.effectiveAt()));
    }

    private static JsonObject state(ZoneOwner z) {
        return new JsonObject(z.state().toString());
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
}
