package limber.e2e;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.config.LimberConfig;
import limber.testing.EngineCluster;

/**
 * Clustered: a zone's sessions that ran out while no instance ran it get their planned end when an
 * instance claims the zone.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterPlannedEndIT {
    @Test
    void aClaimedZoneGetsThePlannedEndsOfItsSessions() throws Exception {
        try (EngineCluster cluster = new EngineCluster(2, 1)) {
            DowntimeJournal journal = new DowntimeJournal(System.currentTimeMillis(), cluster.zones.get(0),
                    cluster.zones.get(1));
            journal.writeTo(new LimberConfig.Store("postgresql", "", cluster.db.url(), "", "", 120, 400));
            Http http = new Http(cluster.startInstance().api());
            journal.awaitEnds(http);
        }
    }
}
