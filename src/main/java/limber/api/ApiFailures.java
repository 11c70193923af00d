package limber.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers, as JSON, the failures no API handler answered itself: a request body over the limit
 * (413, refused by the body handler before any API code runs) and other refusals of the HTTP layer
 * are the client's doing and are not logged; anything else is a fault in the engine, answered 500
 * and logged with its cause.
 */
public final class ApiFailures implements Handler<RoutingContext> {
    /** The largest request body the API reads: trainer requests are a few hundred bytes. */
    public static final int BODY_LIMIT_BYTES = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(ApiFailures.class);

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        int status = ctx.failure() instanceof HttpException h ? h.getStatusCode() : ctx.statusCode();
        if (status == 413) {
            ApiError.send(ctx, 413, "body_too_large", "the request body is larger than " + BODY_LIMIT_BYTES
                    + " bytes; trainer requests are a few hundred");
        } else if (status >= 400 && status < 500) {
            ApiError.send(ctx, status, "invalid_request", HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase());
        } else {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            ApiError.send(ctx, 500, "internal", "the engine could not answer this request; its log has the cause");
        }
    }
}
