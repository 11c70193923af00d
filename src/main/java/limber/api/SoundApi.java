package limber.api;

import java.util.Map;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import limber.metrics.EngineMetrics;
import limber.sound.SoundBook;
import limber.sound.SoundChange;
import limber.sound.SoundSetting;

/**
 * A zone's sound from the tablet: {@code GET /api/zones/{zone}/sound} and
 * {@code POST /api/zones/{zone}/sound} with {@code {"mode": "off|tones|voice", "volume": 0..100}}.
 * POSTs pass the trainer login and the command rate limit mounted for every POST under /api/.
 */
public final class SoundApi {
    private final SoundBook book;
    private final EngineMetrics metrics;

    public SoundApi(SoundBook book, EngineMetrics metrics) {
        this.book = book;
        this.metrics = metrics;
    }

    public void mount(Router router) {
        router.get("/api/zones/:zone/sound").handler(ctx -> {
            SoundSetting s = known(ctx);
            if (s != null) {
                JsonReply.send(ctx, 200, body(s));
            }
        });
        router.post("/api/zones/:zone/sound").handler(this::change);
    }

    private void change(RoutingContext ctx) {
        if (known(ctx) == null) {
            return;
        }
        Map<String, Object> body;
        try {
            body = ctx.body().length() == 0 ? Map.of() : ctx.body().asJsonObject().getMap();
        } catch (RuntimeException e) {
            reject(ctx, "bad_json", "the body must be a JSON object such as {\"mode\": \"tones\", \"volume\": 60}");
            return;
        }
        SoundChange change = SoundChange.parse(body);
        if (change instanceof SoundChange.Invalid bad) {
            reject(ctx, bad.reason(), bad.message());
            return;
        }
        String trainer = ctx.get(TrainerAuthHandler.TRAINER);
        book.change(ctx.pathParam("zone"), (SoundChange.Valid) change, trainer == null ? "trainer" : trainer)
                .onSuccess(s -> JsonReply.send(ctx, 200, body(s)))
                .onFailure(e -> ApiError.send(ctx, 503, "store_failed", "the sound setting could not be saved: "
                        + e.getMessage()));
    }

    private SoundSetting known(RoutingContext ctx) {
        SoundSetting s = book.get(ctx.pathParam("zone"));
        if (s == null) {
            ApiError.send(ctx, 404, "unknown_zone", "no zone '" + ctx.pathParam("zone") + "'; see GET /api/zones");
        }
        return s;
    }

    private void reject(RoutingContext ctx, String reason, String message) {
        metrics.apiRejected("sound", reason);
        ApiError.send(ctx, 400, reason, message);
    }

    private static JsonObject body(SoundSetting s) {
        return new JsonObject().put("zone", s.zone()).put("mode", s.mode().word()).put("volume", s.volume())
                .put("changedBy", s.changedBy()).put("changedAt", s.changedAt());
    }

}
