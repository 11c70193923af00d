package limber.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON error bodies: a stable code for programs and a sentence for people. */
final class ApiError {
    private ApiError() {
    }

    static void send(RoutingContext ctx, int status, String code, String message) {
        JsonReply.send(ctx, status, new JsonObject().put("error", code).put("message", message));
    }
}
