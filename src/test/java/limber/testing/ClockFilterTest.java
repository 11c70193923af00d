package limber.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import limber.testing.JitterRelay.Profile;

/** The Java offset filter on synthetic samples: no servers, no timers, seeded. */
class ClockFilterTest {
    private static final double THETA = 1.7e12 + 0.375; // engine minus local

    /** Adds a sample sent at local t0 with the given one-way delays (engine processing 0.1 ms). */
    private static boolean add(ClockFilter f, double t0, double out, double back, double theta) {
        double t1 = t0 + theta + out;
        double t2 = t1 + 0.1;
        return f.add(t0, t1, t2, t2 - theta + back);
    }

    private static ClockFilter converged(double theta) {
        ClockFilter f = new ClockFilter();
        for (int i = 0; i < ClockFilter.CONVERGE_SAMPLES; i++) {
            add(f, 1000 + 20 * i, 3, 3, theta);
        }
        return f;
    }

    @Test
    void engineStampsPreferMicroseconds() {
        assertEquals(1_000.5, ClockFilter.stamp(1_000, null));
        assertEquals(1_000.417, ClockFilter.stamp(1_000, 1_000_417L), 1e-9);
    }

    @Test
    void symmetricLegsGiveTheOffsetAndTheBound() {
        ClockFilter f = new ClockFilter();
        assertTrue(Double.isNaN(f.offsetAt(0)));
        add(f, 1000, 6, 6, THETA);
        assertEquals(0, f.estimate() - THETA, 1e-3);
        assertEquals(6, f.bound(), 1e-6, "half of out leg + back leg: the offset is within +-6 ms for sure");
    }

    @Test
    void theShortestLegOfEachDirectionWinsEvenInDifferentSamples() {
        ClockFilter f = new ClockFilter();
        add(f, 1000, 2, 20, THETA); // best round trip, but 9 ms off on its own
        assertEquals(-9, f.estimate() - THETA, 1e-3);
        add(f, 1100, 20, 2, THETA);
        add(f, 1200, 11, 12, THETA);
        assertEquals(0, f.estimate() - THETA, 1e-3);
        assertEquals(2, f.bound(), 1e-6);
    }

    @Test
    void refusesImpossibleRoundTrips() {
        ClockFilter f = new ClockFilter();
        assertFalse(add(f, 1000, -5, 2, THETA));
        assertFalse(add(f, 1000, 3000, 2500, THETA));
        assertTrue(add(f, 1000, 0, 0, THETA));
        assertEquals(1, f.samples());
    }

    @Test
    void convergesWithTheBurstOrWithThreeSamplesOverSevenTenthsOfASecond() {
        ClockFilter f = new ClockFilter();
        for (int i = 0; i < ClockFilter.CONVERGE_SAMPLES - 1; i++) {
            add(f, 1000 + ClockFilter.BURST_GAP_MS * i, 3, 3, THETA);
        }
        assertFalse(f.converged());
        add(f, 1000 + ClockFilter.BURST_GAP_MS * ClockFilter.CONVERGE_SAMPLES, 3, 3, THETA);
        assertTrue(f.converged(), "the whole burst is in");

        ClockFilter slow = new ClockFilter(); // a slow page or link: 30 samples spanning 0.4 s will do
        for (int i = 0; i < ClockFilter.CONVERGE_EARLY_SAMPLES; i++) {
            add(slow, 1000 + 13 * i, 3, 3, THETA);
        }
        assertFalse(slow.converged());
        add(slow, 1000 + ClockFilter.CONVERGE_EARLY_MS, 3, 3, THETA);
        assertTrue(slow.converged());

        ClockFilter sparse = new ClockFilter(); // most of the burst refused: what came in 0.7 s will do
        double fallback = ClockFilter.CONVERGE_FALLBACK_MS;
        add(sparse, 1000, 3, 3, THETA);
        add(sparse, 1000 + fallback - 50, 3, 3, THETA);
        add(sparse, 1000 + fallback - 10, 3, 3, THETA);
        assertFalse(sparse.converged());
        add(sparse, 1000 + fallback, 3, 3, THETA);
        assertTrue(sparse.converged());
    }

    @Test
    void aCleanLinkConvergesAfterAFewSamplesOnceTheBoundIsTight() {
        ClockFilter f = new ClockFilter(); // loopback or wired: legs well under a millisecond
        for (int i = 0; i < ClockFilter.CONVERGE_BOUND_SAMPLES - 1; i++) {
            add(f, 1000 + ClockFilter.BURST_GAP_MS * i, 0.4, 0.3, THETA);
        }
        assertFalse(f.converged(), "not on fewer than " + ClockFilter.CONVERGE_BOUND_SAMPLES + " samples");
        add(f, 1000 + ClockFilter.BURST_GAP_MS * 3, 0.5, 0.4, THETA);
        assertTrue(f.converged());
        assertTrue(f.bound() <= ClockFilter.CONVERGE_BOUND_MS);
        assertTrue(Math.abs(f.estimate() - THETA) <= f.bound(), "the error is within the bound, as promised");

        ClockFilter wifi = new ClockFilter(); // a 2 ms floor each way: the bound never gets that tight
        for (int i = 0; i < ClockFilter.CONVERGE_SAMPLES - 1; i++) {
            add(wifi, 1000 + ClockFilter.BURST_GAP_MS * i, 2, 2, THETA);
        }
        assertFalse(wifi.converged(), "a jittery link waits for the burst");
    }

    @Test
    void slewsAtTenMsPerSecondAndStepsOnlyBeyondFiftyMs() {
        ClockFilter f = converged(THETA);
        f.reset();
        add(f, 5000, 3, 3, THETA + 20); // the window starts over on a new connection: the estimate is 20 ms on
        double from = 5000 + 3 + 0.1 + 3; // t3 of that sample
        assertEquals(20, f.estimate() - THETA, 1e-3);
        assertEquals(0, f.offsetAt(from) - THETA, 1e-3, "no jump");
        assertEquals(1, f.offsetAt(from + 100) - THETA, 1e-3, "1 ms after 0.1 s");
        assertEquals(10, f.offsetAt(from + 1000) - THETA, 1e-3, "10 ms after 1 s");
        assertEquals(20, f.offsetAt(from + 20_000) - THETA, 1e-3, "there after 2 s, and no further");
        assertTrue(f.converged(), "a reconnect does not unsync");

        f.reset();
        add(f, 40_000, 3, 3, THETA + 90);
        assertEquals(90, f.offsetAt(40_010) - THETA, 1e-3, "more than 50 ms off: one step");
    }

    @Test
    void oldSamplesAgeOutOfTheWindow() {
        ClockFilter f = new ClockFilter();
        add(f, 0, 2, 2, THETA);
        for (int i = 1; i <= 40; i++) {
            add(f, 1000.0 * i, 8, 4, THETA);
        }
        assertEquals(2, f.estimate() - THETA, 1e-3, "the 2 ms legs of t=0 are gone after 30 s");
        assertEquals(31, f.samples());
    }

    /**
     * 200 displays, each with its own seeded uniform 2-30 ms jitter both ways, a burst of 40 then 8 pings a
     * second: once the window is full, the spread of their errors is about a millisecond; after the burst alone
     * (the first draw) a display is at most about 2 ms off.
     */
    @Test
    void twoHundredDisplaysUnderUniformJitterAgreeToAboutAMillisecond() {
        double[] atConvergence = new double[200];
        double[] after40s = new double[200];
        for (int d = 0; d < 200; d++) {
            SplittableRandom r = new SplittableRandom(1000 + d);
            ClockFilter f = new ClockFilter();
            double theta = THETA + (r.nextDouble() * 2 - 1) * 5000;
            double t = 0;
            int burst = ClockFilter.CONVERGE_SAMPLES;
            for (int i = 0; i < 320 + burst; i++) {
                add(f, t, Profile.UNIFORM.delayMs(r), Profile.UNIFORM.delayMs(r), theta);
                if (i == burst - 1) {
                    assertTrue(f.converged());
                    atConvergence[d] = f.offsetAt(t + 40) - theta;
                }
                t += i < burst ? ClockFilter.BURST_GAP_MS : 125;
            }
            after40s[d] = f.offsetAt(t) - theta;
        }
        Arrays.sort(atConvergence);
        Arrays.sort(after40s);
        double spread = after40s[199] - after40s[0];
        System.out.printf("[clock filter] 200 displays, uniform 2-30 ms: after the burst |err| max %.2f ms;"
                + " after 40 s spread %.3f ms (min %.3f, max %.3f)%n", Math.max(-atConvergence[0], atConvergence[199]),
                spread, after40s[0], after40s[199]);
        assertTrue(spread < 1.5, "spread " + spread);
        assertTrue(Math.max(-atConvergence[0], atConvergence[199]) < 3, "after the burst");
    }
}
