package limber.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.testing.EngineFixture;

/**
 * The benchmark harness in miniature, so it cannot rot: a few simulated displays through a pause, a
 * resume, a skip and a stop, and a small QoS 1 ingest. Asserts correctness only (every display saw
 * every transition, nothing lost), never speed: timing figures belong to scripts/bench.sh.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BenchSmokeIT {

    @Test
    void everyDisplaySeesEveryTransition() throws Exception {
        List<SkewScenario.Step> script = List.of(
                new SkewScenario.Step(1.0, "pause", ""), new SkewScenario.Step(2.0, "resume", ""),
                new SkewScenario.Step(3.0, "skip", ""), new SkewScenario.Step(4.5, "stop", ""));
        try (EngineFixture engine = EngineFixture.embedded()) {
            SkewScenario.Outcome o = SkewScenario.run(engine, "main-floor", 6, script, 5.5, 1);
            // running:0, paused:0, running:0 again, running at the next step, stopped
            assertEquals(5, o.transitions(), () -> "transitions: " + o.details().get("per_transition"));
            assertEquals(0, o.missed(), () -> "missed: " + o.details().get("per_transition"));
            assertTrue(o.residual().max() < 1_000, () -> "clock sync failed: " + o.details().get("signed_residual_ms"));
        }
    }

    @Test
    void smallIngestLosesNothing() throws Exception {
        try (EngineFixture engine = EngineFixture.embedded()) {
            IngestScenario.Outcome o = IngestScenario.run(engine, "main-floor", 3, 60, 300, 30_000);
            assertEquals(0.0, o.lost(), () -> "details: " + o.details());
            assertEquals(180.0, o.accepted(), () -> "details: " + o.details());
            assertTrue(o.progressComplete(), () -> "progress: " + o.details().get("last_progress"));
        }
    }
}
