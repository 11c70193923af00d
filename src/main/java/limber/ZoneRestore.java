package limber;

import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.clock.ZoneOwner;
import limber.session.Session;
import limber.store.Recovery;

/** A single engine's start: each zone takes up the session the journal says it was running. */
final class ZoneRestore {
    private static final Logger LOG = LoggerFactory.getLogger(ZoneRestore.class);

    private ZoneRestore() {
    }

    static void restore(Collection<ZoneOwner> zones, Recovery recovery, long now, long graceMs) {
        boolean withinGrace = recovery.withinGrace(now, graceMs);
        for (ZoneOwner owner : zones) {
            Session stored;
            try {
                stored = recovery.session(owner.zoneId());
            } catch (IllegalStateException unreadable) {
                // one damaged row must not keep the whole floor down: this zone starts idle, the row stays
                LOG.error("zone {}: its latest session cannot be restored, the zone starts idle ({})", owner.zoneId(),
                        unreadable.getMessage());
                continue;
            }
            if (stored != null) {
                owner.restore(stored, recovery.sessions().get(owner.zoneId()).events(),
                        recovery.recentKeys().getOrDefault(owner.zoneId(), List.of()), withinGrace,
                        OptionalLong.empty(), recovery.sessions().get(owner.zoneId()).ackedAlerts());
                LOG.info("zone {}: restored session {} (revision {}), engine was away {} ms, {}", owner.zoneId(),
                        stored.id(), stored.revision(), recovery.lastHeartbeat() < 0 ? -1 : now - recovery.lastHeartbeat(),
                        withinGrace ? "continuing on its timeline" : "paused for the trainer");
            }
        }
    }
}
