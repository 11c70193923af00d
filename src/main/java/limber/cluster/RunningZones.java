package limber.cluster;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import limber.clock.ZoneOwner;
import limber.config.LimberConfig;
import limber.session.Session;
import limber.store.Fence;
import limber.store.Recovery;

/**
 * The zones this instance runs: each one's {@link ZoneOwner}, the fence the journal checks its
 * writes against and the endpoint that serves it to the other instances. Starting and stopping a
 * zone here is the only place a ZoneOwner is created, restored or retired. Event loop only.
 */
final class RunningZones {
    private final ZoneOwnership.Wiring w;
    private final String node;
    private final Map<String, ZoneOwner> owned;
    private final Map<String, Fence> fences = new HashMap<>();
    private final Map<String, MessageConsumer<JsonObject>> consumers = new HashMap<>();

    /** {@code owned} is the engine's map of zones run here, shared with the routes that serve them. */
    RunningZones(ZoneOwnership.Wiring w, Map<String, ZoneOwner> owned) {
        this.w = w;
        this.node = w.node();
        this.owned = owned;
        w.registry().gauge("limber.cluster.zones.owned", owned, Map::size);
    }

    /** The ownership this instance holds for a zone, for the journal's fence check. */
    Fence fence(String zone) {
        return fences.getOrDefault(zone, Fence.none(node));
    }

    /** From a won claim on, the journal takes this instance's writes for the zone under {@code epoch}. */
    void fence(String zone, long epoch) {
        fences.put(zone, new Fence(epoch, node));
    }

    /** A claim that could not be rebuilt: the journal refuses the zone's writes again. */
    void unfence(String zone) {
        fences.remove(zone);
    }

    boolean runs(String zone) {
        return owned.containsKey(zone);
    }

    ZoneOwner get(String zone) {
        return owned.get(zone);
    }

    /** A copy: stopping zones while going through it is fine. */
    List<String> ids() {
        return List.copyOf(owned.keySet());
    }

    Collection<ZoneOwner> owners() {
        return owned.values();
    }

    int size() {
        return owned.size();
    }

    /**
     * Runs a claimed zone: its session rebuilt from the journal as it was written, then served and
     * republished under the claim's epoch. {@code cursor}: where a hand-over left its cues.
     */
    void start(LimberConfig.Zone cfg, LeaseStore.Claim claim, Recovery r, OptionalLong cursor) {
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

    /** Stops running a zone here: its owner retires, its writes are refused and it is no longer served. */
    void stop(String zone) {
        ZoneOwner owner = owned.remove(zone);
        if (owner != null) {
            owner.retire();
        }
        fences.remove(zone);
        MessageConsumer<JsonObject> c = consumers.remove(zone);
        if (c != null) {
            c.unregister();
        }
    }
}
