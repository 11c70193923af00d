package limber.cluster;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.config.LimberConfig;
import limber.store.DatabaseThread;
import limber.store.Recovery;

/**
 * Claims zones and gives them back, on the claims connection's own thread. A won claim raises the
 * zone's epoch; the zone's session is then rebuilt from the journal so it continues on its original
 * timeline, and started here. A zone handed over on purpose continues its cues from where the
 * previous owner stopped publishing them.
 */
final class ZoneClaims {
    private static final Logger LOG = LoggerFactory.getLogger(ZoneOwnership.class);

    private final ZoneOwnership.Wiring w;
    private final String node;
    private final Map<String, LimberConfig.Zone> zoneById;
    private final RunningZones zones;
    private final BooleanSupplier stopped;
    private final DatabaseThread claimThread;
    private final Set<String> claiming = new HashSet<>();
    private final Set<String> releasing = new HashSet<>();
    private final Map<String, Long> handedCursors = new HashMap<>();
    private final Counter takeovers;

    ZoneClaims(ZoneOwnership.Wiring w, Map<String, LimberConfig.Zone> zoneById, RunningZones zones,
               BooleanSupplier stopped) {
        this.w = w;
        this.node = w.node();
        this.zoneById = zoneById;
        this.zones = zones;
        this.stopped = stopped;
        this.claimThread = new DatabaseThread(w.vertx(), "limber-claim-" + node);
        this.takeovers = Counter.builder("limber.cluster.zone.claims").description("zones this instance took over")
                .register(w.registry());
    }

    /** Whether a claim or a release of the zone is under way. */
    boolean busy(String zone) {
        return claiming.contains(zone) || releasing.contains(zone);
    }

    /** The previous owner handed the zone over: its cues went out up to {@code cursor}. */
    void handedOver(String zone, Long epoch, Long cursor) {
        handedCursors.put(zone, cursor);
        claim(zone, epoch);
    }

    /**
     * Takes the zone if its lease is still at {@code seenEpoch}; rebuilds its session from the
     * journal and publishes it under the new epoch. If the previous owner handed the zone over on
     * purpose, cues continue from where it stopped publishing them.
     */
    void claim(String zone, long seenEpoch) {
        LimberConfig.Zone cfg = zoneById.get(zone);
        if (cfg == null || zones.runs(zone) || stopped.getAsBoolean() || !claiming.add(zone)) {
            return;
        }
        long started = System.nanoTime();
        claimThread.run(() -> w.claims().claim(zone, node, seenEpoch, w.cluster().leaseMs()))
                .compose(claim -> {
                    if (claim.epoch() < 0) {
                        return Future.succeededFuture();
                    }
                    if (stopped.getAsBoolean()) {
                        release(zone, claim.epoch());
                        return Future.succeededFuture();
                    }
                    zones.fence(zone, claim.epoch());
                    // the journal's thread: every write queued before this read is in it
                    return w.journal().run(() -> Recovery.readZone(w.journal().store(), zone,
                            w.services().dedupeCapacity())).map(r -> {
                                Long handed = handedCursors.remove(zone);
                                zones.start(cfg, claim, r, handed == null ? OptionalLong.empty() : OptionalLong.of(handed));
                                w.journal().endOverdueSessions(zone, w.services().clock());
                                takeovers.increment();
                                LOG.info("cluster: zone {} taken at epoch {} in {} ms ({}; previous owner silent {} ms)",
                                        zone, claim.epoch(), (System.nanoTime() - started) / 1_000_000,
                                        handed != null ? "handed over" : "claimed", claim.previousOwnerSilentMs());
                                return null;
                            }).recover(e -> {
                                zones.unfence(zone);
                                release(zone, claim.epoch());
                                return Future.failedFuture(e);
                            });
                })
                .onFailure(e -> LOG.warn("cluster: claiming zone {} failed: {}", zone, e.getMessage()))
                .onComplete(ar -> claiming.remove(zone));
    }

    /** Frees a lease this instance holds but does not run, unless a release of it is under way. */
    void release(String zone, long epoch) {
        if (!releasing.add(zone)) {
            return;
        }
        freeLease(zone, epoch)
                .onFailure(e -> LOG.warn("cluster: releasing zone {} failed: {}", zone, e.getMessage()))
                .onComplete(ar -> releasing.remove(zone));
    }

    /**
     * Frees the lease of a zone this instance just stopped, once the journal has written (or
     * refused) everything queued for it; true if the lease was still this instance's at {@code epoch}.
     */
    Future<Boolean> releaseWhenDrained(String zone, long epoch) {
        releasing.add(zone);
        return w.journal().drained()
                .compose(v -> freeLease(zone, epoch))
                .onComplete(ar -> releasing.remove(zone));
    }

    private Future<Boolean> freeLease(String zone, long epoch) {
        return claimThread.run(() -> w.claims().release(zone, node, epoch));
    }

    /** A clean stop: frees every zone of this instance at once and closes both lease connections. */
    Future<Void> leave() {
        return claimThread.run(() -> {
            w.claims().leave(node);
            w.claims().close();
            w.renewals().close();
            return null;
        });
    }

    Future<Void> close() {
        return claimThread.close();
    }
}
