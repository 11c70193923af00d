package limber.api;

import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

import limber.clock.ZoneResult;
import limber.protocol.Wire;
import limber.session.CommandResult;

/** The one place where zone results become HTTP statuses and bodies. */
final class ZoneReplies {
    private ZoneReplies() {
    }

    /** {@code okStatus}: 201 for a started session, 200 otherwise. */
    static void send(RoutingContext ctx, ZoneResult result, int okStatus) {
        if (result instanceof ZoneResult.State s) {
            JsonReply.send(ctx, 200, s.state());
        } else if (result instanceof ZoneResult.Applied a) {
            JsonReply.send(ctx, okStatus, a.state().put("effectiveAt", a.effectiveAt()));
        } else if (result instanceof ZoneResult.Refused r) {
            int status = r.reason() == CommandResult.Reason.BAD_ARGUMENT ? 400 : 409;
            ApiError.send(ctx, status, r.reason().name().toLowerCase(Locale.ROOT), r.message());
        } else if (result instanceof ZoneResult.StoreFailed f) {
            ApiError.send(ctx, 503, "store_unavailable", f.message());
        } else if (result instanceof ZoneResult.Alerts a) {
            ObjectNode body = Wire.JSON.createObjectNode();
            body.putArray("alerts").addAll(a.alerts());
            JsonReply.send(ctx, 200, body);
        } else if (result instanceof ZoneResult.UnknownAlert u) {
            ApiError.send(ctx, 404, "unknown_alert", "no open alert '" + u.eventId() + "' in this zone");
        } else {
            ApiError.send(ctx, 500, "internal", "unexpected zone result " + result.getClass().getSimpleName());
        }
    }

}
