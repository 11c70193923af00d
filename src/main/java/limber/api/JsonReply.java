package limber.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import limber.protocol.Wire;

/** A JSON response with its status; every API answers through here. */
final class JsonReply {
    private JsonReply() {
    }

    static void send(RoutingContext ctx, int status, JsonObject body) {
        end(ctx, status, body.toBuffer());
    }

    static void send(RoutingContext ctx, int status, JsonArray body) {
        end(ctx, status, body.toBuffer());
    }

    static void send(RoutingContext ctx, int status, ObjectNode body) {
        end(ctx, status, Buffer.buffer(Wire.bytes(body)));
    }

    private static void end(RoutingContext ctx, int status, Buffer body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }
}
