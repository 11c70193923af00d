package limber.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An instance that cannot renew in the lease database neither reports itself live nor acts on leases. */
@Timeout(30)
class LeaseRenewalTest {
    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger memberChecks = new AtomicInteger();
    private final AtomicInteger renewals = new AtomicInteger();
    private final LeaseRenewal renewal = new LeaseRenewal(StandaloneWiring.of(vertx, () -> {
        memberChecks.incrementAndGet();
        return List.of(StandaloneWiring.NODE);
    }, new SimpleMeterRegistry()), view -> renewals.incrementAndGet());

    @AfterEach
    void close() throws Exception {
        vertx.runOnContext(v -> renewal.stop());
        renewal.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void withoutTheLeaseDatabaseNothingIsConfirmedOrReconciled() throws Exception {
        assertFalse(renewal.renewedRecently());
        vertx.runOnContext(v -> renewal.start());
        // the member list is checked every 200 ms and a renewal is tried every renewMs (50 ms here)
        Awaitility.await("several renewal rounds").atMost(Duration.ofSeconds(10)).until(() -> memberChecks.get() >= 3);
        assertFalse(StandaloneWiring.onLoop(vertx, renewal::renewedRecently), "/health says the instance is not renewing");
        assertEquals(0, renewals.get(), "and no zone decisions are made on stale leases");
    }
}
