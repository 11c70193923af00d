package limber.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.store.Fence;

/**
 * Claims against a lease database that cannot be reached: nothing is taken and the zone stays
 * claimable. The claim thread is held up first, so a claim is seen while it is under way.
 */
@Timeout(30)
class ZoneClaimsTest {
    private final Vertx vertx = Vertx.vertx();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ZoneOwnership.Wiring wiring = StandaloneWiring.of(vertx, List::of, registry);
    private final RunningZones running = new RunningZones(wiring, new HashMap<>());
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final ZoneClaims claims = new ZoneClaims(wiring, Map.of("zone-1", StandaloneWiring.ZONES.get(0)), running,
            stopped::get);
    /** The same one-thread pool the claims run on (shared by name). */
    private final WorkerExecutor claimThread = vertx.createSharedWorkerExecutor("limber-claim-" + StandaloneWiring.NODE, 1);
    private final List<CountDownLatch> gates = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        gates.forEach(CountDownLatch::countDown);
        claimThread.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        claims.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFailedClaimLeavesTheZoneFreeForTheNextAttempt() throws Exception {
        CountDownLatch gate = holdClaimThread();
        assertTrue(busyAfter("zone-1", () -> claims.claim("zone-1", 0)), "the claim is under way");
        gate.countDown();
        awaitIdle();
        assertFalse(StandaloneWiring.onLoop(vertx, () -> running.runs("zone-1")));
        assertEquals(Fence.none(StandaloneWiring.NODE), StandaloneWiring.onLoop(vertx, () -> running.fence("zone-1")));
        assertEquals(0.0, registry.get("limber.cluster.zone.claims").counter().count(), "no takeover counted");
        assertTrue(busyAfter("zone-1", () -> {
            holdClaimThread();
            claims.claim("zone-1", 0);
        }), "claimed again at the next renewal");
    }

    @Test
    void nothingIsClaimedThatIsNotAZoneOfThisClusterOrAfterAStop() throws Exception {
        assertFalse(busyAfter("zone-9", () -> claims.claim("zone-9", 0)));
        stopped.set(true);
        assertFalse(busyAfter("zone-1", () -> claims.claim("zone-1", 0)));
    }

    @Test
    void aReleaseIsUnderWayUntilItFailsAndIsTriedAgainLater() throws Exception {
        CountDownLatch gate = holdClaimThread();
        assertTrue(busyAfter("zone-1", () -> claims.release("zone-1", 1)),
                "the release is under way: the renewals leave the zone alone");
        gate.countDown();
        awaitIdle();
        assertTrue(busyAfter("zone-1", () -> {
            holdClaimThread();
            claims.release("zone-1", 1);
        }), "a failed release is tried again at the next renewal");
    }

    /** Whether a claim or release of {@code zone} is under way right after {@code action}, on the event loop. */
    private boolean busyAfter(String zone, Runnable action) throws Exception {
        return StandaloneWiring.onLoop(vertx, () -> {
            action.run();
            return claims.busy(zone);
        });
    }

    /** Keeps the claim thread busy until the returned gate opens (or the test ends). */
    private CountDownLatch holdClaimThread() {
        CountDownLatch gate = new CountDownLatch(1);
        gates.add(gate);
        claimThread.executeBlocking(() -> gate.await(10, TimeUnit.SECONDS), true);
        return gate;
    }

    private void awaitIdle() {
        Awaitility.await("zone-1 idle").atMost(Duration.ofSeconds(5))
                .until(() -> !StandaloneWiring.onLoop(vertx, () -> claims.busy("zone-1")));
    }
}
