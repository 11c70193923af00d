package limber.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import limber.testing.ClockFilter;
import limber.testing.EngineFixture;
import limber.testing.TestEngine;

/**
 * Scenario 1: {@code displays} simulated displays in one zone, clock offsets up to +-5 s, synced over
 * MQTT, through pauses, skips, extends and a back. Spread of the true instants at which displays see
 * each transition, and each display's residual clock error.
 */
final class SkewScenario {
    /** A trainer command {@code atSec} seconds after the start was accepted. */
    record Step(double atSec, String command, String body) {
    }

    static final List<Step> SCRIPT = List.of(
            new Step(3, "pause", ""), new Step(5, "resume", ""),
            new Step(12, "extend", "{\"seconds\":10}"),
            new Step(20, "pause", ""), new Step(22, "resume", ""),
            new Step(27, "skip", ""), new Step(33, "skip", ""), new Step(38, "back", ""),
            new Step(50, "extend", "{\"seconds\":10}"),
            new Step(55, "pause", ""), new Step(57, "resume", ""),
            new Step(62, "skip", ""), new Step(68, "stop", ""));

    /** The same kinds of command, closer together (--quick): 8 transitions in 26 s. */
    static final List<Step> QUICK_SCRIPT = List.of(
            new Step(3, "pause", ""), new Step(5, "resume", ""),
            new Step(8, "extend", "{\"seconds\":10}"),
            new Step(12, "skip", ""), new Step(16, "back", ""), new Step(20, "skip", ""),
            new Step(26, "stop", ""));

    /** What one run of the fleet measured; the smoke test asserts on it. */
    record Outcome(int transitions, int displays, long missed, Bench.Summary spread, Bench.Summary exactSpread,
                   Bench.Summary residual, long arrivalFlips, Map<String, Object> details) {
    }

    static Outcome run(TestEngine engine, String zone, int displays, List<Step> script, double endSec, long seed)
            throws Exception {
        String api = engine.api();
        Map<String, Object> details = new LinkedHashMap<>();
        try (DisplayFleet fleet = new DisplayFleet(engine, zone, "disp" + seed, displays, 5_000, seed)) {
            // the pages' schedule: a burst of 40 pings 10 ms apart, then one every 125 ms
            fleet.sync(ClockFilter.CONVERGE_SAMPLES, (long) ClockFilter.BURST_GAP_MS);
            double deadline = Bench.trueMs() + 15_000;
            while (!fleet.allSynced() && Bench.trueMs() < deadline) {
                Bench.parkUntil(Bench.trueMs() + 20);
            }
            if (!fleet.allSynced()) {
                throw new IllegalStateException("displays not synced after 15 s: pongs=" + fleet.pongs.get());
            }
            fleet.startPolling(125);
            // screens are on before a class starts: let the first estimates settle (they slew at 10 ms/s)
            Bench.parkUntil(Bench.trueMs() + 5_000);
            Bench.Response started = Bench.post(api + "/api/zones/" + zone + "/session",
                    "{\"routineId\":\"post-workout-cooldown\",\"holdSeconds\":20}");
            if (started.status() != 201) {
                throw new IllegalStateException("start: " + started.status() + " " + started.body());
            }
            double t0 = Bench.trueMs();
            List<String> commands = new ArrayList<>();
            for (Step s : script) {
                Bench.parkUntil(t0 + s.atSec() * 1000);
                Bench.Response r = Bench.post(api + "/api/zones/" + zone + "/session/" + s.command(), s.body());
                commands.add(s.command() + "@" + s.atSec() + "s -> " + r.status());
            }
            Bench.parkUntil(t0 + endSec * 1000);
            fleet.stopPolling();

            Map<String, List<Double>> seen = fleet.byTransition(false);
            Map<String, List<Double>> exactSeen = fleet.byTransition(true);
            List<Double> spreads = new ArrayList<>();
            List<Double> exactSpreads = new ArrayList<>();
            long missed = 0;
            Map<String, Object> perTransition = new TreeMap<>();
            for (Map.Entry<String, List<Double>> e : seen.entrySet()) {
                double polled = range(e.getValue());
                double exact = range(exactSeen.get(e.getKey()));
                spreads.add(polled);
                exactSpreads.add(exact);
                missed += displays - e.getValue().size();
                perTransition.put(e.getKey(), Map.of("seenBy", e.getValue().size(), "polledSpreadMs", Bench.round(polled),
                        "exactSpreadMs", Bench.round(exact)));
            }
            List<Double> residuals = new ArrayList<>();
            List<Double> residualAbs = new ArrayList<>();
            for (DisplayFleet.Display d : fleet.displays) {
                residuals.add(d.residualMs());
                residualAbs.add(Math.abs(d.residualMs()));
            }
            Bench.Summary spread = Bench.Summary.of(spreads);
            Bench.Summary exactSpread = Bench.Summary.of(exactSpreads);
            Bench.Summary residual = Bench.Summary.of(residualAbs);
            details.put("displays", displays);
            details.put("paho_connections", fleet.conns.size()); // one per display, each with its own login
            details.put("connect_retries", fleet.connectRetries.get());
            details.put("max_offset_ms", 5000);
            details.put("commands", commands);
            details.put("transitions", seen.size());
            details.put("missed_sightings", missed);
            details.put("polled_spread_ms", spread.json());
            details.put("exact_spread_ms", exactSpread.json());
            details.put("flips_on_message_arrival", fleet.arrivalFlips.get());
            details.put("abs_residual_ms", residual.json());
            details.put("signed_residual_ms", Bench.Summary.of(residuals).json());
            details.put("pongs", fleet.pongs.get());
            details.put("session_messages", fleet.sessionMessages.get());
            details.put("poll_passes", fleet.polls.get());
            details.put("late_poll_passes_gt_1ms", fleet.lateTicks.get());
            details.put("per_transition", perTransition);
            return new Outcome(seen.size(), displays, missed, spread, exactSpread, residual,
                    fleet.arrivalFlips.get(), details);
        }
    }

    static double range(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(0)
                - v.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    static void run(Report report, int displays, boolean quick) throws Exception {
        // every display has its own login and connection, as on a floor: the shipped per-device limits hold;
        // making 200 logins through the admin API is a script, so the per-trainer command rate is lifted
        try (EngineFixture engine = EngineFixture.embedded(Bench.BULK_COMMANDS)) {
            Outcome o = quick ? run(engine, "main-floor", displays, QUICK_SCRIPT, 27, 42)
                    : run(engine, "main-floor", displays, SCRIPT, 71, 42);
            report.details("skew").putAll(o.details());
            report.add("skew", "spread, clock crossing p50", o.exactSpread().p50(), "ms", "", null);
            report.add("skew", "spread, clock crossing p99", o.exactSpread().p99(), "ms", "<= 5", o.exactSpread().p99() <= 5);
            report.add("skew", "spread, clock crossing max", o.exactSpread().max(), "ms", "", null);
            report.add("skew", "spread, seen by 1 ms polling p50", o.spread().p50(), "ms", "", null);
            report.add("skew", "spread, seen by 1 ms polling p99", o.spread().p99(), "ms", "<= 5", o.spread().p99() <= 5);
            report.add("skew", "spread, seen by 1 ms polling max", o.spread().max(), "ms", "", null);
            report.add("skew", "residual clock error p50 (abs)", o.residual().p50(), "ms", "", null);
            report.add("skew", "residual clock error p99 (abs)", o.residual().p99(), "ms", "", null);
            report.add("skew", "residual clock error max (abs)", o.residual().max(), "ms", "", null);
            report.add("skew", "transitions judged", o.transitions(), "count", "", null);
            report.add("skew", "missed sightings (display x transition)", o.missed(), "count", "0", o.missed() == 0);
            report.add("skew", "flips on message arrival (message late)", o.arrivalFlips(), "count", "0",
                    o.arrivalFlips() == 0);
            report.info("skew", "late 1 ms polling passes", (Long) o.details().get("late_poll_passes_gt_1ms"), "count");
        }
    }
}
