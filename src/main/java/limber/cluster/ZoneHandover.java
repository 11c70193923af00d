package limber.cluster;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.clock.ZoneOwner;

/**
 * Moving a running zone to the instance that should run it, without a gap in its cues: the zone
 * stops here at its next phase boundary, the journal drains, the lease is freed and the new owner
 * is told (on its "take" address) the instant up to which cues went out. The same message tells the
 * next owners of every zone when this instance stops cleanly, and this instance listens for it.
 */
final class ZoneHandover {
    private static final Logger LOG = LoggerFactory.getLogger(ZoneOwnership.class);
    /** A hand-over waits for the phase boundary, but never longer than this. */
    private static final long MAX_HANDOVER_WAIT_MS = 120_000;
    /** Just after the boundary, so the boundary's own cue has gone out from the old owner. */
    private static final long AFTER_BOUNDARY_MS = 20;

    private final ZoneOwnership.Wiring w;
    private final String node;
    private final RunningZones zones;
    private final ZoneClaims claims;
    private final Function<String, String> desiredOwner;
    private final BooleanSupplier stopped;
    private final Map<String, Long> timers = new HashMap<>();
    private final Counter handedOver;

    /** {@code desiredOwner}: the instance a zone should run on now (asked when its boundary comes). */
    ZoneHandover(ZoneOwnership.Wiring w, RunningZones zones, ZoneClaims claims, Function<String, String> desiredOwner,
                 BooleanSupplier stopped) {
        this.w = w;
        this.node = w.node();
        this.zones = zones;
        this.claims = claims;
        this.desiredOwner = desiredOwner;
        this.stopped = stopped;
        this.handedOver = Counter.builder("limber.cluster.zone.handovers")
                .description("zones this instance handed over at a phase boundary").register(w.registry());
    }

    static String takeAddress(String node) {
        return "limber.node." + node + ".take";
    }

    private static JsonObject take(String zone, long epoch, long cursor) {
        return new JsonObject().put("zone", zone).put("epoch", epoch).put("cursor", cursor);
    }

    /** Takes zones handed to this instance; completes once it listens. */
    Future<Void> listen() {
        MessageConsumer<JsonObject> take = w.vertx().eventBus().consumer(takeAddress(node), msg -> {
            claims.handedOver(msg.body().getString("zone"), msg.body().getLong("epoch"), msg.body().getLong("cursor"));
            msg.reply(null); // a stopping instance waits for this before it leaves the cluster
        });
        return take.completion();
    }

    boolean scheduled(String zone) {
        return timers.containsKey(zone);
    }

    /** Hands the zone over just after its next phase boundary. */
    void schedule(String zone, ZoneOwner owner) {
        long now = w.services().clock().nowMillis();
        long wait = Math.min(MAX_HANDOVER_WAIT_MS, Math.max(0, owner.nextBoundary(now) - now)) + AFTER_BOUNDARY_MS;
        timers.put(zone, w.vertx().setTimer(wait, id -> {
            timers.remove(zone);
            handOver(zone);
        }));
    }

    void cancel(String zone) {
        Long timer = timers.remove(zone);
        if (timer != null) {
            w.vertx().cancelTimer(timer);
        }
    }

    /** Stops the zone here, lets the journal drain, frees the lease and tells the new owner where cues stopped. */
    private void handOver(String zone) {
        ZoneOwner owner = zones.get(zone);
        String target = desiredOwner.apply(zone);
        if (owner == null || target == null || target.equals(node) || stopped.getAsBoolean()) {
            return;
        }
        long epoch = owner.epoch();
        long cursor = owner.cursor();
        zones.stop(zone);
        claims.releaseWhenDrained(zone, epoch)
                .onSuccess(released -> {
                    if (released) {
                        handedOver.increment();
                        LOG.info("cluster: zone {} handed over to {} after epoch {}", zone, target, epoch);
                        w.vertx().eventBus().send(takeAddress(target), take(zone, epoch, cursor));
                    }
                })
                .onFailure(e -> LOG.warn("cluster: releasing zone {} failed (retried at the next renewal): {}", zone,
                        e.getMessage()));
    }

    /** Where each zone's cues went out up to, read before a clean stop stops them. */
    Map<String, JsonObject> takes(Collection<ZoneOwner> owners) {
        Map<String, JsonObject> takes = new HashMap<>();
        for (ZoneOwner owner : owners) {
            takes.put(owner.zoneId(), take(owner.zoneId(), owner.epoch(), owner.cursor()));
        }
        return takes;
    }

    /** Tells each zone's next owner where its cues stopped and waits (briefly) until they have heard. */
    Future<Void> tellNextOwners(Map<String, JsonObject> takes, Map<String, String> targets) {
        return Future.join(takes.entrySet().stream()
                        .filter(t -> targets.containsKey(t.getKey()))
                        .map(t -> w.vertx().eventBus().request(takeAddress(targets.get(t.getKey())), t.getValue(),
                                new DeliveryOptions().setSendTimeout(1_000)))
                        .toList()).otherwiseEmpty()
                .mapEmpty();
    }
}
