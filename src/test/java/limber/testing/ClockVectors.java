package limber.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes {@code src/test/resources/vectors/clock-vectors.json}: pong sequences (hand-made ones, and seeded
 * jittered ones) with what {@link ClockFilter} answers after them. Run it again only when the algorithm
 * changes on purpose, in both languages: {@code ClockVectorsTest} (Java) and {@code ClockInBrowserIT}
 * (clock.js in Chromium) check every file entry. {@code ClockFilterTest} pins the hand-made behaviour
 * independently of this file.
 */
public final class ClockVectors {
    /** Engine minus local clock in every case: an epoch engine clock against a page's performance.now(). */
    static final double THETA = 1_795_637_000_000.0 - 12_345.678;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One case being written: the inputs go to the file and through a Java filter at the same time. */
    private static final class Case {
        final ObjectNode node = JSON.createObjectNode();
        final ArrayNode steps = node.putArray("steps");
        final ClockFilter filter = new ClockFilter();

        Case(ArrayNode cases, String name) {
            node.put("name", name);
            cases.add(node);
        }

        /** A ping sent at local {@code t0}, legs of {@code out} and {@code back} ms, {@code proc} ms in the engine. */
        Case sample(double t0, double out, double proc, double back, double theta, boolean micros) {
            double t1 = t0 + theta + out;
            double t2 = t1 + proc;
            double t3 = t2 - theta + back;
            ObjectNode s = steps.addObject();
            s.put("op", "sample");
            s.put("t0", t0);
            ObjectNode pong = s.putObject("pong");
            pong.put("t1", (long) Math.floor(t1));
            pong.put("t2", (long) Math.floor(t2));
            Long t1us = null;
            Long t2us = null;
            if (micros) {
                t1us = Math.round(t1 * 1000);
                t2us = Math.round(t2 * 1000);
                pong.put("t1us", t1us);
                pong.put("t2us", t2us);
            }
            s.put("t3", t3);
            s.put("accepted", filter.add(t0, ClockFilter.stamp((long) Math.floor(t1), t1us),
                    ClockFilter.stamp((long) Math.floor(t2), t2us), t3));
            return this;
        }

        Case reset() {
            steps.addObject().put("op", "reset");
            filter.reset();
            return this;
        }

        Case check(double at) {
            ObjectNode c = steps.addObject();
            c.put("op", "check");
            c.put("at", at);
            c.put("offset", filter.offsetAt(at) - THETA);
            c.put("estimate", filter.estimate() - THETA);
            c.put("bound", filter.bound());
            c.put("converged", filter.converged());
            c.put("samples", filter.samples());
            return this;
        }
    }

    private ClockVectors() {
    }

    public static void main(String[] args) throws IOException {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("description", "Shared clock-sync vectors: pongs (engine stamps t1/t2, optional t1us/t2us) with the"
                + " device's precise send time t0 and receive time t3, and what the offset filter must answer after"
                + " them. 'offset' and 'estimate' are given minus theta (the true engine-minus-local offset), so"
                + " they read as errors in ms. Java: limber.testing.ClockFilter; JavaScript: ClockFilter in"
                + " displays/shared/clock.js. Written by limber.testing.ClockVectors.");
        doc.put("theta", THETA);
        doc.put("tolerance", 1e-6);
        ArrayNode cases = doc.putArray("cases");

        new Case(cases, "symmetric legs give the offset to the microsecond")
                .sample(1000.25, 5, 0.3, 5, THETA, true).check(1010).sample(1020.5, 7, 0.2, 7, THETA, true).check(1030);

        new Case(cases, "a pong without t1us/t2us: whole ms + 0.5")
                .sample(1000.25, 5, 0.3, 5, THETA, false).check(1010).sample(1020.5, 6, 0.4, 6, THETA, false).check(1030);

        new Case(cases, "short legs in different samples: the lowest of each direction, not the lowest round trip")
                .sample(1000, 2, 0.1, 20, THETA, true).check(1025)
                .sample(1020, 20, 0.1, 2, THETA, true).check(1045)
                .sample(1040, 9, 0.1, 9, THETA, true).check(1060);

        new Case(cases, "refused: a negative round trip, a round trip over 5 s")
                .sample(1000, 4, 0.1, 4, THETA, true)
                .sample(1020, -8, 0.1, 3, THETA, true)
                .sample(1040, 3000, 0.1, 2500, THETA, true).check(7000);

        int n = ClockFilter.CONVERGE_SAMPLES;
        Case burst = new Case(cases, "converges with the " + n + "th sample: jumps before, slews 10 ms/s after, steps beyond 50 ms");
        double[] legs = {9, 4, 17, 6, 12, 3, 25, 8, 5, 14, 2.5, 11, 7, 19, 4.5, 10};
        double gap = ClockFilter.BURST_GAP_MS;
        for (int i = 0; i < n; i++) {
            burst.sample(1000 + gap * i, legs[i % 16], 0.05, legs[(i + 5) % 16], THETA, true).check(1000 + gap * i + 30);
        }
        double after = 1000 + gap * n + 200;
        for (int i = 0; i < 10; i++) { // the engine clock moved by +10 ms: the estimate follows by half, slowly
            burst.sample(after + 200 * i, 2.2, 0.05, 2.2, THETA + 10, true).check(after + 200 * i + 10);
        }
        burst.check(after + 2100).check(after + 3500).check(after + 7500);
        burst.sample(after + 7500, 3, 0.05, 3, THETA + 200, true).check(after + 7510).check(after + 8500);

        Case aging = new Case(cases, "samples older than 30 s leave the window");
        aging.sample(1000, 2, 0.1, 2, THETA, true);
        for (int i = 1; i <= 40; i++) {
            aging.sample(1000 + 1000 * i, 8, 0.1, 4, THETA, true);
        }
        aging.check(41_010);

        Case reset = new Case(cases, "a reconnect empties the window but keeps convergence and the shown offset");
        for (int i = 0; i < n; i++) {
            reset.sample(1000 + gap * i, 3 + i % 4, 0.05, 3 + (i + 2) % 4, THETA, true);
        }
        reset.check(2000).reset().check(2100).sample(2100, 12, 0.05, 4, THETA, true).check(2120).check(3100)
                .sample(3100, 4, 0.05, 4, THETA, true).check(3110).check(6100);

        int early = ClockFilter.CONVERGE_EARLY_SAMPLES;
        double earlyMs = ClockFilter.CONVERGE_EARLY_MS;
        double slowGap = Math.floor(earlyMs / early); // the early samples span just under CONVERGE_EARLY_MS
        Case slow = new Case(cases, "a slow burst: converged with " + early + " samples spanning " + (int) earlyMs + " ms");
        for (int i = 0; i < early; i++) {
            slow.sample(1000 + slowGap * i, 4 + i % 3, 0.05, 5 - i % 2, THETA, true).check(1000 + slowGap * i + 10);
        }
        slow.sample(1000 + earlyMs, 6, 0.05, 4, THETA, true).check(1000 + earlyMs + 10).check(1000 + earlyMs + 750);

        Case clean = new Case(cases, "a clean link: converged with " + ClockFilter.CONVERGE_BOUND_SAMPLES
                + " samples once the bound is within " + ClockFilter.CONVERGE_BOUND_MS + " ms, not before");
        double[] cleanLegs = {0.9, 0.4, 1.3, 0.35, 0.6, 0.5};
        for (int i = 0; i < cleanLegs.length; i++) {
            clean.sample(1000 + gap * i, cleanLegs[i], 0.05, cleanLegs[(i + 3) % cleanLegs.length], THETA, true)
                    .check(1000 + gap * i + 2);
        }
        Case wide = new Case(cases, "a link whose bound stays above " + ClockFilter.CONVERGE_BOUND_MS + " ms waits for the burst");
        for (int i = 0; i < 8; i++) {
            wide.sample(1000 + gap * i, 1.2 + 0.1 * (i % 3), 0.05, 1.1 + 0.1 * (i % 2), THETA, true).check(1000 + gap * i + 3);
        }

        new Case(cases, "pongs go missing: converged with 3 samples spanning " + (int) ClockFilter.CONVERGE_FALLBACK_MS + " ms")
                .sample(1000, 5, 0.1, 5, THETA, true).check(1010)
                .sample(2000, 6, 0.1, 5, THETA, true).check(2010)
                .sample(3100, 5, 0.1, 6, THETA, true).check(3110);

        jittered(cases, "uniform 2-30 ms one-way jitter, 300 pongs 125 ms apart after a burst, seeded", 14,
                r -> 2 + 28 * r.nextDouble());
        jittered(cases, "heavy-tailed one-way jitter (2 ms + Pareto), seeded", 15,
                r -> 2 + Math.min(998, 3 * (Math.pow(1 - r.nextDouble(), -1 / 1.2) - 1)));

        Path out = Path.of(args.length > 0 ? args[0] : "src/test/resources/vectors/clock-vectors.json");
        JSON.writeValue(out.toFile(), doc);
        System.out.println("wrote " + out);
    }

    private interface Jitter {
        double next(SplittableRandom r);
    }

    private static void jittered(ArrayNode cases, String name, long seed, Jitter jitter) {
        SplittableRandom r = new SplittableRandom(seed);
        Case c = new Case(cases, name);
        double t = 1000;
        for (int i = 0; i < 300 + ClockFilter.CONVERGE_SAMPLES; i++) {
            double proc = 0.02 + 0.3 * r.nextDouble();
            c.sample(t, jitter.next(r), proc, jitter.next(r), THETA, true);
            if (i % 20 == 15) {
                c.check(t + 40);
            }
            t += i < ClockFilter.CONVERGE_SAMPLES ? ClockFilter.BURST_GAP_MS : 125;
        }
    }
}
