package limber.cluster;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import limber.clock.ZoneOwner;
import limber.clock.ZoneRoutes;
import limber.protocol.DeviceEvent;
import limber.protocol.Rejection;
import limber.store.FencedException;

/**
 * Routing in a cluster. Device events arrive at any instance (one MQTT shared subscription for
 * the whole cluster) and trainer calls at any instance's HTTP port; both go to the zone's owner,
 * which listens on {@code limber.zone.<id>} on the clustered event bus only while it owns the zone.
 * <p>
 * A device event is retried until an owner has stored it (or refused it), because the device's
 * MQTT acknowledgement waits for that answer; while a zone changes hands nobody listens for a
 * moment. Trainer calls are retried only when nobody received them, never after a timeout, so a
 * command is never applied twice.
 */
public final class ClusterRoutes implements ZoneRoutes {
    private static final long EVENT_DEADLINE_MS = 30_000;
    private static final long CALL_DEADLINE_MS = 5_000;
    private static final long REQUEST_TIMEOUT_MS = 3_000;

    private final Vertx vertx;
    private final Set<String> zones;
    private final Map<String, ZoneOwner> owned;
    private final BiFunction<ZoneOwner, JsonObject, Future<JsonObject>> calls;

    public ClusterRoutes(Vertx vertx, Set<String> zones, Map<String, ZoneOwner> owned,
                         BiFunction<ZoneOwner, JsonObject, Future<JsonObject>> calls) {
        this.vertx = vertx;
        this.zones = zones;
        this.owned = owned;
        this.calls = calls;
    }

    static String address(String zone) {
        return "limber.zone." + zone;
    }

    @Override
    public boolean exists(String zone) {
        return zones.contains(zone);
    }

    @Override
    public Future<Optional<Rejection>> event(DeviceEvent e, long receivedAt) {
        Promise<Optional<Rejection>> done = Promise.promise();
        attemptEvent(e, receivedAt, System.currentTimeMillis() + EVENT_DEADLINE_MS, 100, done);
        return done.future();
    }

    private void attemptEvent(DeviceEvent e, long receivedAt, long deadline, long backoff,
                              Promise<Optional<Rejection>> done) {
        ZoneOwner local = owned.get(e.zone());
        Future<Optional<Rejection>> attempt = local != null ? local.onEvent(e, receivedAt)
                : vertx.eventBus().<JsonObject>request(address(e.zone()), eventJson(e, receivedAt),
                        new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MS).addHeader("op", "event"))
                        .map(reply -> Optional.ofNullable(reply.body().getString("rejection"))
                                .map(tag -> Rejection.valueOf(tag.toUpperCase())));
        attempt.onSuccess(done::complete).onFailure(err -> {
            boolean retry = local == null || err instanceof FencedException;
            if (!retry || System.currentTimeMillis() + backoff > deadline) {
                done.fail(err);
                return;
            }
            vertx.setTimer(backoff, id -> attemptEvent(e, receivedAt, deadline, Math.min(backoff * 2, 1_000), done));
        });
    }

    @Override
    public Future<JsonObject> call(String zone, JsonObject call) {
        Promise<JsonObject> done = Promise.promise();
        attemptCall(zone, call, System.currentTimeMillis() + CALL_DEADLINE_MS, 100, done);
        return done.future();
    }

    private void attemptCall(String zone, JsonObject call, long deadline, long backoff, Promise<JsonObject> done) {
        ZoneOwner local = owned.get(zone);
        if (local != null) {
            calls.apply(local, call).onComplete(done);
            return;
        }
        vertx.eventBus().<JsonObject>request(address(zone), call,
                        new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MS).addHeader("op", "call"))
                .onSuccess(reply -> done.complete(reply.body()))
                .onFailure(err -> {
                    boolean undelivered = err instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS;
                    if (!undelivered || System.currentTimeMillis() + backoff > deadline) {
                        done.fail(err);
                        return;
                    }
                    vertx.setTimer(backoff, id -> attemptCall(zone, call, deadline, Math.min(backoff * 2, 1_000), done));
                });
    }

    /** Listens for the zone's events and calls while this instance owns it; unregister when it stops. */
    public MessageConsumer<JsonObject> serve(String zone, ZoneOwner owner) {
        return vertx.eventBus().<JsonObject>consumer(address(zone), msg -> {
            if ("event".equals(msg.headers().get("op"))) {
                JsonObject j = msg.body();
                owner.onEvent(event(j), j.getLong("receivedAt")).onComplete(ar -> {
                    if (ar.failed()) {
                        msg.fail(500, String.valueOf(ar.cause().getMessage()));
                    } else {
                        msg.reply(new JsonObject().put("rejection", ar.result().map(Rejection::tag).orElse(null)));
                    }
                });
            } else {
                calls.apply(owner, msg.body()).onComplete(ar -> {
                    if (ar.failed()) {
                        msg.fail(500, String.valueOf(ar.cause().getMessage()));
                    } else {
                        msg.reply(ar.result());
                    }
                });
            }
        });
    }

    static JsonObject eventJson(DeviceEvent e, long receivedAt) {
        return new JsonObject().put("deviceId", e.deviceId()).put("eventId", e.eventId())
                .put("type", e.type().name()).put("zone", e.zone()).put("sessionId", e.sessionId())
                .put("stepIndex", e.stepIndex()).put("at", e.at()).put("receivedAt", receivedAt);
    }

    static DeviceEvent event(JsonObject j) {
        return new DeviceEvent(j.getString("deviceId"), j.getString("eventId"), DeviceEvent.Type.valueOf(j.getString("type")),
                j.getString("zone"), j.getString("sessionId"), j.getInteger("stepIndex"), j.getLong("at"));
    }
}
