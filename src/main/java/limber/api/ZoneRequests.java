package limber.api;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import limber.clock.ZoneCall;
import limber.clock.ZoneCommand;
import limber.config.Settings;
import limber.routine.InvalidOptionException;
import limber.routine.PlanCompiler;
import limber.routine.Routine;
import limber.routine.SessionOptions;

/**
 * Turns a trainer's HTTP request into a typed zone call, or into the error to answer. Everything the
 * request says is checked here, on the instance that received it, so the zone's owner only ever
 * sees well-formed calls.
 */
final class ZoneRequests {
    private static final Set<String> START_FIELDS = Set.of("routineId", "holdSeconds", "reps", "lowFlexibility");

    /** A well-formed call, or why the request was refused. */
    sealed interface Request {
        record Call(ZoneCall call) implements Request {
        }

        record Invalid(int status, String code, String message) implements Request {
        }
    }

    private final Settings settings;
    private final PlanCompiler compiler;

    ZoneRequests(Settings settings) {
        this.settings = settings;
        this.compiler = new PlanCompiler(settings.catalog(), settings.holdPolicy());
    }

    Request start(JsonObject body) {
        Object routineId = body.getValue("routineId");
        if (!(routineId instanceof String id)) {
            return new Request.Invalid(400, "invalid_request", "routineId (string) is required");
        }
        Routine routine = settings.catalog().routine(id).orElse(null);
        if (routine == null) {
            return new Request.Invalid(404, "unknown_routine", "no routine '" + id + "'; see GET /api/routines");
        }
        for (String f : body.fieldNames()) {
            if (!START_FIELDS.contains(f)) {
                return new Request.Invalid(400, "invalid_request", "unknown field '" + f + "'");
            }
        }
        try {
            SessionOptions options = settings.holdPolicy().resolve(integer(body, "holdSeconds"), integer(body, "reps"),
                    bool(body, "lowFlexibility"));
            return new Request.Call(new ZoneCall.Start(compiler.compile(routine, options)));
        } catch (InvalidOptionException e) {
            return new Request.Invalid(400, "invalid_option", e.getMessage());
        }
    }

    /** {@code body} is null when the request had none. */
    Request command(String name, JsonObject body) {
        ZoneCommand command;
        try {
            command = ZoneCommand.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return new Request.Invalid(404, "unknown_command", "commands are " + Arrays.stream(ZoneCommand.values())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + "; got '" + name + "'");
        }
        int seconds = settings.engine().session().extendSeconds();
        if (command == ZoneCommand.EXTEND && body != null) {
            try {
                Integer s = integer(body, "seconds");
                seconds = s != null ? s : seconds;
            } catch (InvalidOptionException e) {
                return new Request.Invalid(400, "invalid_option", e.getMessage());
            }
        }
        return new Request.Call(new ZoneCall.Command(command, seconds));
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
        if (v instanceof Long || v instanceof BigInteger) {
            throw new InvalidOptionException(field, v, "is out of range");
        }
        if (v instanceof Number) {
            throw new InvalidOptionException(field, v, "must be a whole number");
        }
        throw wrongKind(field, v, "a number");
    }

    private static boolean bool(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrongKind(field, v, "true or false");
    }

    /** A value of another JSON kind than the field takes: shown as it was sent, with what was expected and given. */
    private static InvalidOptionException wrongKind(String field, Object v, String expected) {
        String given = v instanceof String ? "a string" : v instanceof Boolean ? "true or false"
                : v instanceof Number ? "a number" : v instanceof JsonArray ? "a list" : "an object";
        return new InvalidOptionException(field, Json.encode(v), expected + " is expected, but " + given + " was given");
    }
}
