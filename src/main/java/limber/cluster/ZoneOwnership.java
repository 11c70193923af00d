package limber.cluster;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.clock.ZoneOwner;
import limber.clock.ZoneServices;
import limber.config.LimberConfig;
import limber.store.Fence;
import limber.store.Journal;

/**
 * Decides, on the engine's event loop, which zones this instance runs. Every {@code renewMs} (more
 * often for a while after an instance left the Hazelcast membership) it renews its liveness in the
 * journal database, reads every lease and works out the even assignment over the live instances;
 * then it
 * <ul>
 * <li>steps down from a zone whose lease moved on (it was cut off or paused: fenced),</li>
 * <li>hands a zone that should now run elsewhere over at its next phase boundary,</li>
 * <li>claims a zone assigned to it that is free or whose owner stopped renewing, rebuilding the
 * session from the journal so it continues on its original timeline.</li>
 * </ul>
 * Each claim raises the zone's epoch; the journal refuses writes made under an older epoch. Between
 * renewals the instance trusts its leases only until its last successful renewal is almost a lease
 * old: past that it publishes nothing (self-fencing), because another instance may be taking over.
 *
 * <p>The parts: {@link LeaseRenewal} (liveness and self-fencing), {@link ZoneClaims} (claiming and
 * rebuilding, releasing), {@link ZoneHandover} (hand-over at phase boundaries and on a clean stop)
 * and {@link RunningZones} (the zones run here).
 */
public final class ZoneOwnership {
    private static final Logger LOG = LoggerFactory.getLogger(ZoneOwnership.class);

    /** Everything the ownership needs from the engine. */
    public record Wiring(Vertx vertx, String node, String instance, LimberConfig.Cluster cluster,
                         List<LimberConfig.Zone> zones, Supplier<List<String>> members, LeaseStore renewals,
                         LeaseStore claims, Journal journal, ZoneServices services, long resumeGraceMs,
                         ClusterRoutes endpoint, MeterRegistry registry) {
    }

    private final Wiring w;
    private final String node;
    private final Map<String, LimberConfig.Zone> zoneById = new HashMap<>();
    private final RunningZones running;
    private final LeaseRenewal renewal;
    private final ZoneClaims claims;
    private final ZoneHandover handover;
    private final Counter fencedOut;
    private Map<String, String> desired = Map.of();
    private LeaseStore.View lastView;
    private boolean stopped;

    public ZoneOwnership(Wiring wiring, Map<String, ZoneOwner> owned) {
        this.w = wiring;
        this.node = wiring.node();
        wiring.zones().forEach(z -> zoneById.put(z.id(), z));
        this.running = new RunningZones(wiring, owned);
        this.renewal = new LeaseRenewal(wiring, this::reconcile);
        this.claims = new ZoneClaims(wiring, zoneById, running, () -> stopped);
        this.handover = new ZoneHandover(wiring, running, claims, zone -> desired.get(zone), () -> stopped);
        this.fencedOut = Counter.builder("limber.cluster.zone.fenced")
                .description("zones this instance lost because another instance holds a newer epoch")
                .register(wiring.registry());
    }

    /**
     * Whether this instance may speak for its zones right now: its last renewal started less than
     * a lease (minus a margin) ago, so no other instance can have claimed them yet.
     */
    public boolean confirmed() {
        return renewal.confirmed();
    }

    /**
     * For /health: whether this instance renewed its liveness within the lease time. If not, the
     * others will take its zones and it should not get new work from a load balancer.
     */
    public boolean renewedRecently() {
        return renewal.renewedRecently();
    }

    public int ownedZones() {
        return running.size();
    }

    /** The ownership this instance holds for a zone, for the journal's fence check. */
    public Fence fence(String zone) {
        return running.fence(zone);
    }

    public Future<Void> start() {
        return handover.listen().onSuccess(v -> renewal.start());
    }

    private void reconcile(LeaseStore.View view) {
        lastView = view;
        Set<String> live = liveNodes(view);
        live.add(node);
        desired = assignment(view, live, null);
        for (String zone : running.ids()) {
            ZoneOwner owner = running.get(zone);
            Lease lease = view.leases().get(zone);
            if (lease == null || lease.epoch() != owner.epoch() || !node.equals(lease.owner())) {
                fencedOut.increment();
                LOG.warn("cluster: zone {} now has epoch {} (owner {}); this instance held epoch {} and steps down",
                        zone, lease == null ? "?" : lease.epoch(), lease == null ? "?" : lease.owner(), owner.epoch());
                stepDown(zone);
            } else if (!node.equals(desired.get(zone)) && !handover.scheduled(zone)) {
                handover.schedule(zone, owner);
            }
        }
        for (String zone : zoneById.keySet()) {
            if (running.runs(zone) || claims.busy(zone)) {
                continue;
            }
            Lease lease = view.leases().get(zone);
            boolean mine = node.equals(desired.get(zone));
            if (lease != null && node.equals(lease.owner()) && !mine) {
                claims.release(zone, lease.epoch()); // held but not run (a failed hand-over): free it for its owner-to-be
            } else if (mine && (lease == null || lease.owner() == null || lease.owner().equals(node)
                    || !live.contains(lease.owner()))) {
                claims.claim(zone, lease == null ? 0 : lease.epoch());
            }
            // otherwise a live owner hands it over at its next phase boundary
        }
    }

    private Set<String> liveNodes(LeaseStore.View view) {
        Set<String> live = new HashSet<>(view.liveNodes());
        live.retainAll(w.members().get());
        return live;
    }

    /** The even assignment over {@code live}, keeping zones where they are; {@code leaving}'s zones count as free. */
    private Map<String, String> assignment(LeaseStore.View view, Set<String> live, String leaving) {
        Map<String, String> current = new HashMap<>();
        view.leases().values().forEach(l -> {
            if (l.owner() != null && !l.owner().equals(leaving)) {
                current.put(l.zone(), l.owner());
            }
        });
        return ZoneAssignment.assign(zoneById.keySet(), live, current);
    }

    private void stepDown(String zone) {
        running.stop(zone);
        handover.cancel(zone);
    }

    /**
     * A clean stop (rolling restart): zones are freed at once, and each instance that will run one
     * of them is told the instant up to which its cues went out, as in a hand-over.
     */
    public Future<Void> stop() {
        stopped = true;
        renewal.stop();
        Map<String, String> next = Map.of();
        if (lastView != null) {
            Set<String> others = liveNodes(lastView);
            others.remove(node);
            next = assignment(lastView, others, node);
        }
        Map<String, JsonObject> takes = handover.takes(running.owners());
        Map<String, String> targets = next;
        running.ids().forEach(this::stepDown);
        return w.journal().drained()
                .compose(v -> claims.leave())
                // wait (briefly) until the new owners have heard: the event bus closes right after this
                .compose(v -> handover.tellNextOwners(takes, targets))
                .eventually(() -> renewal.close().eventually(claims::close));
    }
}
