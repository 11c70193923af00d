package limber.api;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.google.zxing.WriterException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import limber.fleet.PairingDesk;
import limber.fleet.PairingDesk.Outcome;
import limber.session.EngineClock;

/**
 * The device side of pairing, open without a login: a screen or watch asks for a code and waits, on
 * that same request (server-sent events), for a trainer to approve it. No broker access is given
 * to anyone who has not been approved. Mount before the login handlers.
 */
public final class PairingApi {
    private static final long KEEPALIVE_MS = 15_000;

    private final PairingDesk desk;
    private final EngineClock clock;

    public PairingApi(PairingDesk desk, EngineClock clock) {
        this.desk = desk;
        this.clock = clock;
    }

    public void mount(Router router) {
        router.post("/api/pairing").handler(BodyHandler.create(false).setBodyLimit(1024)).handler(this::open);
        router.get("/api/pairing/:code/qr.svg").handler(this::qr);
    }

    private void open(RoutingContext ctx) {
        String kind = "display";
        if (ctx.body().length() > 0) {
            try {
                kind = ctx.body().asJsonObject().getString("kind", "display");
            } catch (RuntimeException e) {
                ApiError.send(ctx, 400, "bad_json", "the body must be JSON like {\"kind\": \"display\"}");
                return;
            }
        }
        if (!kind.equals("display") && !kind.equals("watch") && !kind.equals("tablet")) {
            ApiError.send(ctx, 400, "bad_kind", "kind must be display, watch or tablet");
            return;
        }
        HttpServerResponse res = ctx.response();
        PairingDesk.Waiting w;
        try {
            w = desk.open(ctx.request().remoteAddress().hostAddress(), kind, clock.nowMillis(), outcome -> finish(res, outcome));
        } catch (PairingDesk.Refused e) {
            long seconds = Math.max(1, (e.retryAfterMs() + 999) / 1000);
            res.putHeader("retry-after", Long.toString(seconds)).setStatusCode(429).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("error", "too_many_requests").put("message", e.getMessage())
                            .put("retryAfterSeconds", seconds).encode());
            return;
        }
        res.setChunked(true).putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-store");
        res.write(event("code", new JsonObject().put("code", w.code()).put("expiresAt", w.expiresAt())
                .put("approveUrl", "/trainer/?pair=" + w.code())));
        long keepalive = ctx.vertx().setPeriodic(KEEPALIVE_MS, id -> {
            if (!res.ended() && !res.closed()) {
                res.write(": still waiting\n\n");
            }
        });
        res.endHandler(v -> ctx.vertx().cancelTimer(keepalive));
        res.closeHandler(v -> {
            ctx.vertx().cancelTimer(keepalive);
            desk.cancel(w.code());
        });
    }

    private static void finish(HttpServerResponse res, Outcome outcome) {
        if (res.ended() || res.closed()) {
            return;
        }
        if (outcome instanceof Outcome.Paired p) {
            res.end(event("paired", new JsonObject().put("deviceId", p.deviceId()).put("secret", p.secret())
                    .put("role", p.role()).put("zone", p.zone()).put("name", p.name())));
        } else {
            res.end(event("expired", new JsonObject()));
        }
    }

    private static String event(String name, JsonObject data) {
        return "event: " + name + "\ndata: " + data.encode() + "\n\n";
    }

    private void qr(RoutingContext ctx) {
        String code = ctx.pathParam("code");
        if (!desk.isWaiting(code, clock.nowMillis())) {
            ApiError.send(ctx, 404, "unknown_code", "no device is waiting with that code");
            return;
        }
        String origin = ctx.request().scheme() + "://" + ctx.request().authority();
        try {
            ctx.response().putHeader("content-type", "image/svg+xml").putHeader("cache-control", "no-store")
                    .end(QrSvg.of(origin + "/trainer/?pair=" + code));
        } catch (WriterException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
