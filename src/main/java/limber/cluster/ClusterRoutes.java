package limber.cluster;

import java.util.Map;
import java.util.Set;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import limber.clock.ZoneCall;
import limber.clock.ZoneOwner;
import limber.clock.ZoneResult;
import limber.clock.ZoneRoutes;
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

    public ClusterRoutes(Vertx vertx, Set<String> zones, Map<String, ZoneOwner> owned) {
        this.vertx = vertx;
        this.zones = zones;
        this.owned = owned;
    }

    static String address(String zone) {
        return "limber.zone." + zone;
    }

    @Override
    public boolean exists(String zone) {
        return zones.contains(zone);
    }

    @Override
    public Future<ZoneResult> call(String zone, ZoneCall call) {
        Promise<ZoneResult> done = Promise.promise();
        if (call instanceof ZoneCall.Event) {
            attemptEvent(zone, call, System.currentTimeMillis() + EVENT_DEADLINE_MS, 100, done);
        } else {
            attemptCall(zone, call, System.currentTimeMillis() + CALL_DEADLINE_MS, 100, done);
        }
        return done.future();
    }

    /** Retried until an owner has stored or refused it: the device's acknowledgement waits for that. */
    private void attemptEvent(String zone, ZoneCall call, long deadline, long backoff, Promise<ZoneResult> done) {
        ZoneOwner local = owned.get(zone);
        Future<ZoneResult> attempt = local != null ? local.handle(call) : request(zone, call);
        attempt.onSuccess(done::complete).onFailure(err -> {
            boolean retry = local == null || err instanceof FencedException;
            if (!retry || System.currentTimeMillis() + backoff > deadline) {
                done.fail(err);
                return;
            }
            vertx.setTimer(backoff, id -> attemptEvent(zone, call, deadline, Math.min(backoff * 2, 1_000), done));
        });
    }

    /** Retried only while nobody received it: a call that may have been applied is never sent twice. */
    private void attemptCall(String zone, ZoneCall call, long deadline, long backoff, Promise<ZoneResult> done) {
        ZoneOwner local = owned.get(zone);
        if (local != null) {
            local.handle(call).onComplete(done);
            return;
        }
        request(zone, call).onSuccess(done::complete).onFailure(err -> {
            boolean undelivered = err instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS;
            if (!undelivered || System.currentTimeMillis() + backoff > deadline) {
                done.fail(err);
                return;
            }
            vertx.setTimer(backoff, id -> attemptCall(zone, call, deadline, Math.min(backoff * 2, 1_000), done));
        });
    }

    private Future<ZoneResult> request(String zone, ZoneCall call) {
        return vertx.eventBus().<JsonObject>request(address(zone), ZoneCallCodec.encode(call),
                        new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MS))
                .map(reply -> ZoneCallCodec.decodeResult(reply.body()));
    }

    /** Listens for the zone's events and calls while this instance owns it; unregister when it stops. */
    public MessageConsumer<JsonObject> serve(String zone, ZoneOwner owner) {
        return vertx.eventBus().<JsonObject>consumer(address(zone), msg -> {
            owner.handle(ZoneCallCodec.decodeCall(msg.body())).onComplete(ar -> {
                if (ar.failed()) {
                    msg.fail(500, String.valueOf(ar.cause().getMessage()));
                } else {
                    msg.reply(ZoneCallCodec.encode(ar.result()));
                }
            });
        });
    }
}
