package limber.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

import limber.config.LimberConfig;

/**
 * Ownership wiring for the cluster's parts on their own: no lease database (every lease call
 * fails, as when it cannot be reached), no journal, no engine.
 */
final class StandaloneWiring {
    static final String NODE = "node-a";
    static final List<LimberConfig.Zone> ZONES = List.of(new LimberConfig.Zone("zone-1", "Zone 1"));

    private StandaloneWiring() {
    }

    static ZoneOwnership.Wiring of(Vertx vertx, Supplier<List<String>> members, MeterRegistry registry) {
        return new ZoneOwnership.Wiring(vertx, NODE, "limber-1",
                new LimberConfig.Cluster(true, "test", "127.0.0.1", 0, 0, "", 400, 50), ZONES, members, null, null,
                null, null, 0, null, registry);
    }

    /** Runs {@code work} on the event loop, where the ownership's state lives, and waits for its answer. */
    static <T> T onLoop(Vertx vertx, Supplier<T> work) throws Exception {
        CompletableFuture<T> answer = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            try {
                answer.complete(work.get());
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer.get(5, TimeUnit.SECONDS);
    }
}
