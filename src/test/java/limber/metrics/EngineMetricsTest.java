package limber.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The worst recent lateness /health reads: a window of seconds, not the minutes of Micrometer's default. */
class EngineMetricsTest {
    private final MockClock clock = new MockClock();
    private final EngineMetrics metrics = new EngineMetrics(new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock));

    @Test
    void oneLateCueIsForgottenOnceItsWindowHasPassed() {
        metrics.lateness(56);
        metrics.lateness(1);
        assertEquals(56.0, metrics.recentWorstLatenessMs(), 0.001);
        clock.add(EngineMetrics.LATENESS_WINDOW.multipliedBy(3).dividedBy(4).minusMillis(1));
        assertEquals(56.0, metrics.recentWorstLatenessMs(), 0.001, "still within its window");
        clock.add(EngineMetrics.LATENESS_WINDOW.dividedBy(4).plusMillis(1));
        assertEquals(0.0, metrics.recentWorstLatenessMs(), 0.001, "gone once its window has passed");
    }

    @Test
    void lateCuesThatKeepComingKeepTheWorstUp() {
        for (int i = 0; i < 10; i++) {
            metrics.lateness(80);
            clock.add(Duration.ofSeconds(10));
        }
        assertEquals(80.0, metrics.recentWorstLatenessMs(), 0.001);
    }
}
