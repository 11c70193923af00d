package limber.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import limber.clock.ZoneOwner;
import limber.store.Fence;

class RunningZonesTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<String, ZoneOwner> owned = new HashMap<>();
    private final RunningZones zones = new RunningZones(StandaloneWiring.of(null, List::of, registry), owned);

    @Test
    void theJournalTakesAZonesWritesOnlyBetweenItsClaimAndItsStop() {
        Fence none = Fence.none(StandaloneWiring.NODE);
        assertEquals(none, zones.fence("zone-1"), "not claimed: every write is refused");
        zones.fence("zone-1", 3);
        assertEquals(new Fence(3, StandaloneWiring.NODE), zones.fence("zone-1"));
        zones.unfence("zone-1");
        assertEquals(none, zones.fence("zone-1"), "a claim that could not be rebuilt");
        zones.fence("zone-1", 4);
        zones.stop("zone-1");
        assertEquals(none, zones.fence("zone-1"), "stepped down");
        assertFalse(zones.runs("zone-1"));
    }

    @Test
    void theOwnedGaugeCountsTheEnginesSharedMap() {
        owned.put("zone-1", null);
        assertEquals(1, zones.size());
        assertEquals(1.0, registry.get("limber.cluster.zones.owned").gauge().value());
        assertEquals(List.of("zone-1"), zones.ids());
        zones.stop("zone-1");
        assertEquals(0.0, registry.get("limber.cluster.zones.owned").gauge().value());
    }
}
