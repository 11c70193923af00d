package limber.cluster;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import limber.clock.ZoneOwner;
import limber.clock.ZoneServices;
import limber.config.LimberConfig;
import limber.session.Session;
import limber.store.Fence;
import limber.store.Journal;
import limber.store.Recovery;

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
 */
public final class ZoneOwnership {
    private static final Logger LOG = LoggerFactory.getLogger(ZoneOwnership.class);
    /** A hand-over waits for the phase boundary, but never longer than this. */
    private static final long MAX_HANDOVER_WAIT_MS = 120_000;
    /** Just after the boundary, so the boundary's own cue has gone out from the old owner. */
    private static final long AFTER_BOUNDARY_MS = 20;
    /** How often the (in-memory) member list is checked; a lost member speeds up lease checks. */
    private static final long MEMBER_CHECK_MS = 200;

    /** Everything the ownership needs from the engine. */
    public record Wiring(Vertx vertx, String node, String instance, LimberConfig.Cluster cluster,
                         List<LimberConfig.Zone> zones, Supplier<List<String>> members, LeaseStore renewals,
                         LeaseStore claims, Journal journal, ZoneServices services, long resumeGraceMs,
                         ClusterRoutes endpoint, MeterRegistry registry) {
    }

    private final Wiring w;
    private final String node;
    private final Map<String, ZoneOwner> owned;
    private final Map<String, Fence> fences = new HashMap<>();
    /** Renewals on their own connection and thread: a claim waiting on a row lock never delays them. */
    private final WorkerExecutor renewThread;
    private final WorkerExecutor claimThread;
    private final Map<String, LimberConfig.Zone> zoneById = new HashMap<>();
    private final Set<String> claiming = new HashSet<>();
    private final Set<String> releasing = new HashSet<>();
    private final Map<String, Long> handovers = new HashMap<>();
    private final Map<String, Long> handedCursors = new HashMap<>();
    private final Map<String, MessageConsumer<JsonObject>> consumers = new HashMap<>();
    private final Counter takeovers;
    private final Counter handedOver;
    private final Counter fencedOut;
    private Map<String, String> desired = Map.of();
    private LeaseStore.View lastView;
    private boolean ticking;
    private Set<String> lastMembers = Set.of();
    private long fastUntil;
    private boolean stopped;
    private long periodic = -1;
    private long lastTick;
    private long lastRenewed = -1;
    /** System.nanoTime() up to which this instance's leases are certainly still its own. */
    private long confirmedUntil = Long.MIN_VALUE;

    public ZoneOwnership(Wiring wiring, Map<String, ZoneOwner> owned) {
        this.w = wiring;
        this.node = wiring.node();
        this.owned = owned;
        this.renewThread = wiring.vertx().createSharedWorkerExecutor("limber-renew-" + node, 1);
        this.claimThread = wiring.vertx().createSharedWorkerExecutor("limber-claim-" + node, 1);
        wiring.zones().forEach(z -> zoneById.put(z.id(), z));
        this.takeovers = Counter.builder("limber.cluster.zone.claims").description("zones this instance took over")
                .register(wiring.registry());
        this.handedOver = Counter.builder("limber.cluster.zone.handovers")
                .description("zones this instance handed over at a phase boundary").register(wiring.registry());
        this.fencedOut = Counter.builder("limber.cluster.zone.fenced")
                .description("zones this instance lost because another instance holds a newer epoch")
                .register(wiring.registry());
        wiring.registry().gauge("limber.cluster.zones.owned", owned, Map::size);
    }

    /**
     * Whether this instance may speak for its zones right now: its last renewal started less than
     * a lease (minus a margin) ago, so no other instance can have claimed them yet.
     */
    public boolean confirmed() {
        return System.nanoTime() - confirmedUntil <= 0;
    }

    /**
     * For /health: whether this instance renewed its liveness within the lease time. If not, the
     * others will take its zones and it should not get new work from a load balancer.
     */
    public boolean renewedRecently() {
        return lastRenewed >= 0 && System.currentTimeMillis() - lastRenewed <= w.cluster().leaseMs();
    }

    public int ownedZones() {
        return owned.size();
    }

    /** The ownership this instance holds for a zone, for the journal's fence check. */
    public Fence fence(String zone) {
        return fences.getOrDefault(zone, Fence.none(node));
    }

    public Future<Void> start() {
        MessageConsumer<JsonObject> take = w.vertx().eventBus().consumer(takeAddress(node), msg -> {
            String zone = msg.body().getString("zone");
            handedCursors.put(zone, msg.body().getLong("cursor"));
            claim(zone, msg.body().getLong("epoch"));
            msg.reply(null); // a stopping instance waits for this before it leaves the cluster
        });
        return take.completion().onSuccess(v -> {
            tick();
            periodic = w.vertx().setPeriodic(MEMBER_CHECK_MS, id -> {
                long now = System.currentTimeMillis();
                Set<String> members = Set.copyOf(w.members().get());
                if (!members.containsAll(lastMembers)) {
                    // an instance left: look at the leases often until its zones can be claimed
                    fastUntil = now + w.cluster().leaseMs() + w.cluster().renewMs();
                }
                lastMembers = members;
                if (now < fastUntil || now - lastTick >= w.cluster().renewMs()) {
                    tick();
                }
            });
        });
    }

    static String takeAddress(String node) {
        return "limber.node." + node + ".take";
    }

    private void tick() {
        if (ticking || stopped) {
            return; // the database is slow; the next tick comes soon enough
        }
        ticking = true;
        lastTick = System.currentTimeMillis();
        long startedAt = System.nanoTime();
        renewThread.executeBlocking(() -> w.renewals().renew(node, w.instance(), w.cluster().leaseMs()), true)
                .onComplete(ar -> {
                    ticking = false;
                    if (stopped) {
                        return;
                    }
                    if (ar.failed()) {
                        LOG.warn("cluster: cannot renew in the journal database: {}", ar.cause().getMessage());
                        return;
                    }
                    // the others count from when the database saw the renewal, which is after it started
                    long margin = Math.min(w.cluster().renewMs(), w.cluster().leaseMs() / 4);
                    confirmedUntil = startedAt + TimeUnit.MILLISECONDS.toNanos(w.cluster().leaseMs() - margin);
                    lastRenewed = System.currentTimeMillis();
                    reconcile(ar.result());
                });
    }

    private void reconcile(LeaseStore.View view) {
        lastView = view;
        Set<String> live = liveNodes(view);
        live.add(node);
        Map<String, String> current = new HashMap<>();
        view.leases().values().forEach(l -> {
            if (l.owner() != null) {
                current.put(l.zone(), l.owner());
            }
        });
        desired = ZoneAssignment.assign(zoneById.keySet(), live, current);
        for (String zone : List.copyOf(owned.keySet())) {
            ZoneOwner owner = owned.get(zone);
            Lease lease = view.leases().get(zone);
            if (lease == null || lease.epoch() != owner.epoch() || !node.equals(lease.owner())) {
                fencedOut.increment();
                LOG.warn("cluster: zone {} now has epoch {} (owner {}); this instance held epoch {} and steps down",
                        zone, lease == null ? "?" : lease.epoch(), lease == null ? "?" : lease.owner(), owner.epoch());
                stepDown(zone);
            } else if (!node.equals(desired.get(zone)) && !handovers.containsKey(zone)) {
                scheduleHandover(zone, owner);
            }
        }
        for (String zone : zoneById.keySet()) {
            if (owned.containsKey(zone) || claiming.contains(zone) || releasing.contains(zone)) {
                continue;
            }
            Lease lease = view.leases().get(zone);
            boolean mine = node.equals(desired.get(zone));
            if (lease != null && node.equals(lease.owner()) && !mine) {
                release(zone, lease.epoch()); // held but not run (a failed hand-over): free it for its owner-to-be
            } else if (mine && (lease == null || lease.owner() == null || lease.owner().equals(node)
                    || !live.contains(lease.owner()))) {
                claim(zone, lease == null ? 0 : lease.epoch());
            }
            // otherwise a live owner hands it over at its next phase boundary
        }
    }

    private Set<String> liveNodes(LeaseStore.View view) {
        Set<String> live = new HashSet<>(view.liveNodes());
        live.retainAll(w.members().get());
        return live;
    }

    /**
     * Takes the zone if its lease is still at {@code seenEpoch}; rebuilds its session from the
     * journal and publishes it under the new epoch. If the previous owner handed the zone over on
     * purpose, cues continue from where it stopped publishing them.
     */
    private void claim(String zone, long seenEpoch) {
        LimberConfig.Zone cfg = zoneById.get(zone);
        if (cfg == null || owned.containsKey(zone) || stopped || !claiming.add(zone)) {
            return;
        }
        long started = System.nanoTime();
        claimThread.executeBlocking(() -> w.claims().claim(zone, node, seenEpoch, w.cluster().leaseMs()), true)
                .compose(claim -> {
                    if (claim.epoch() < 0) {
                        return Future.succeededFuture();
                    }
                    if (stopped) {
                        release(zone, claim.epoch());
                        return Future.succeededFuture();
                    }
                    fences.put(zone, new Fence(claim.epoch(), node));
                    // the journal's thread: every write queued before this read is in it
                    return w.journal().run(() -> Recovery.readZone(w.journal().store(), zone,
                            w.services().dedupeCapacity())).map(r -> {
                                Long handed = handedCursors.remove(zone);
                                start(cfg, claim, r, handed == null ? OptionalLong.empty() : OptionalLong.of(handed));
                                takeovers.increment();
                                LOG.info("cluster: zone {} taken at epoch {} in {} ms ({}; previous owner silent {} ms)",
                                        zone, claim.epoch(), (System.nanoTime() - started) / 1_000_000,
                                        handed != null ? "handed over" : "claimed", claim.previousOwnerSilentMs());
                                return null;
                            }).recover(e -> {
                                fences.remove(zone);
                                release(zone, claim.epoch());
                                return Future.failedFuture(e);
                            });
                })
                .onFailure(e -> LOG.warn("cluster: claiming zone {} failed: {}", zone, e.getMessage()))
                .onComplete(ar -> claiming.remove(zone));
    }

    private void start(LimberConfig.Zone cfg, LeaseStore.Claim claim, Recovery r, OptionalLong cursor) {
        ZoneOwner owner = new ZoneOwner(cfg, w.services(), claim.epoch());
        Session stored = r.session(cfg.id());
        if (stored != null) {
            // the previous owner's silence decides, as an engine's downtime does on a single box
            boolean withinGrace = claim.previousOwnerSilentMs() <= w.resumeGraceMs();
            owner.restore(stored, r.sessions().get(cfg.id()).events(), r.recentKeys().getOrDefault(cfg.id(), List.of()),
                    withinGrace, cursor, r.sessions().get(cfg.id()).ackedAlerts());
        }
        owned.put(cfg.id(), owner);
        consumers.put(cfg.id(), w.endpoint().serve(cfg.id(), owner));
        owner.republish();
    }

    private void stepDown(String zone) {
        ZoneOwner owner = owned.remove(zone);
        if (owner != null) {
            owner.retire();
        }
        fences.remove(zone);
        Long timer = handovers.remove(zone);
        if (timer != null) {
            w.vertx().cancelTimer(timer);
        }
        MessageConsumer<JsonObject> c = consumers.remove(zone);
        if (c != null) {
            c.unregister();
        }
    }

    private void scheduleHandover(String zone, ZoneOwner owner) {
        long now = w.services().clock().nowMillis();
        long wait = Math.min(MAX_HANDOVER_WAIT_MS, Math.max(0, owner.nextBoundary(now) - now)) + AFTER_BOUNDARY_MS;
        handovers.put(zone, w.vertx().setTimer(wait, id -> {
            handovers.remove(zone);
            handOver(zone);
        }));
    }

    /** Stops the zone here, lets the journal drain, frees the lease and tells the new owner where cues stopped. */
    private void handOver(String zone) {
        ZoneOwner owner = owned.get(zone);
        String target = desired.get(zone);
        if (owner == null || target == null || target.equals(node) || stopped) {
            return;
        }
        long epoch = owner.epoch();
        long cursor = owner.cursor();
        stepDown(zone);
        releasing.add(zone);
        w.journal().drained()
                .compose(v -> claimThread.executeBlocking(() -> w.claims().release(zone, node, epoch), true))
                .onSuccess(released -> {
                    if (released) {
                        handedOver.increment();
                        LOG.info("cluster: zone {} handed over to {} after epoch {}", zone, target, epoch);
                        w.vertx().eventBus().send(takeAddress(target),
                                new JsonObject().put("zone", zone).put("epoch", epoch).put("cursor", cursor));
                    }
                })
                .onFailure(e -> LOG.warn("cluster: releasing zone {} failed (retried at the next renewal): {}", zone,
                        e.getMessage()))
                .onComplete(ar -> releasing.remove(zone));
    }

    private void release(String zone, long epoch) {
        if (!releasing.add(zone)) {
            return;
        }
        claimThread.executeBlocking(() -> w.claims().release(zone, node, epoch), true)
                .onFailure(e -> LOG.warn("cluster: releasing zone {} failed: {}", zone, e.getMessage()))
                .onComplete(ar -> releasing.remove(zone));
    }

    /**
     * A clean stop (rolling restart): zones are freed at once, and each instance that will run one
     * of them is told the instant up to which its cues went out, as in a hand-over.
     */
    public Future<Void> stop() {
        stopped = true;
        if (periodic >= 0) {
            w.vertx().cancelTimer(periodic);
        }
        Map<String, JsonObject> takes = new HashMap<>();
        Map<String, String> next = Map.of();
        if (lastView != null) {
            Set<String> others = liveNodes(lastView);
            others.remove(node);
            Map<String, String> current = new HashMap<>();
            lastView.leases().values().forEach(l -> {
                if (l.owner() != null && !l.owner().equals(node)) {
                    current.put(l.zone(), l.owner());
                }
            });
            next = ZoneAssignment.assign(zoneById.keySet(), others, current);
        }
        for (ZoneOwner owner : owned.values()) {
            takes.put(owner.zoneId(), new JsonObject().put("zone", owner.zoneId()).put("epoch", owner.epoch())
                    .put("cursor", owner.cursor()));
        }
        Map<String, String> targets = next;
        List.copyOf(owned.keySet()).forEach(this::stepDown);
        return w.journal().drained()
                .compose(v -> claimThread.executeBlocking(() -> {
                    w.claims().leave(node);
                    w.claims().close();
                    w.renewals().close();
                    return null;
                }, true))
                // wait (briefly) until the new owners have heard: the event bus closes right after this
                .compose(v -> Future.join(takes.entrySet().stream()
                        .filter(t -> targets.containsKey(t.getKey()))
                        .map(t -> w.vertx().eventBus().request(takeAddress(targets.get(t.getKey())), t.getValue(),
                                new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(1_000)))
                        .toList()).otherwiseEmpty())
                .<Void>mapEmpty()
                .eventually(() -> renewThread.close().eventually(claimThread::close));
    }
}
