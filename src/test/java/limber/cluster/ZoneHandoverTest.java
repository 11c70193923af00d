package limber.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ZoneHandoverTest {
    private final Vertx vertx = Vertx.vertx();
    private final ZoneOwnership.Wiring wiring = StandaloneWiring.of(vertx, List::of, new SimpleMeterRegistry());
    private final RunningZones running = new RunningZones(wiring, new HashMap<>());
    private final ZoneClaims claims = new ZoneClaims(wiring, Map.of(), running, () -> false);
    private final ZoneHandover handover = new ZoneHandover(wiring, running, claims, zone -> "node-b", () -> false);

    @AfterEach
    void close() throws Exception {
        claims.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aStoppingInstanceHearsBackFromTheNextOwner() throws Exception {
        handover.listen().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        JsonObject take = new JsonObject().put("zone", "zone-1").put("epoch", 3L).put("cursor", 12_345L);
        Object reply = vertx.eventBus().request(ZoneHandover.takeAddress(StandaloneWiring.NODE), take)
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).body();
        assertNull(reply, "an empty answer: the stopping instance may leave");
        assertEquals("limber.node." + StandaloneWiring.NODE + ".take", ZoneHandover.takeAddress(StandaloneWiring.NODE));
    }

    @Test
    void aCancelledOrNeverScheduledHandOverIsNotPending() throws Exception {
        assertFalse(StandaloneWiring.onLoop(vertx, () -> {
            handover.cancel("zone-1");
            return handover.scheduled("zone-1");
        }));
        assertEquals(Map.of(), handover.takes(List.of()), "no zones, nobody to tell");
        handover.tellNextOwners(Map.of(), Map.of()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
