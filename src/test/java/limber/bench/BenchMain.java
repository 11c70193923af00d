package limber.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Limber benchmark suite. {@code scripts/bench.sh [--quick | --long]
 * [--only=skew,clock,lateness,drift,burst,storm,footprint,ingest,cluster] [--clock-seconds=45] [--lateness-seconds=45]
 * [--storm-zones=1000] [--storm-devices=500]
 * [--drift-minutes=N] [--displays=200] [--zones=1000] [--events-per-watch=1000] [--out=target/bench]}.
 * The drift session runs in the background for the whole suite (its own engine, one zone), so the
 * default suite stays under ten minutes; everything else runs one after the other.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (String a : argv) {
            for (String part : a.trim().split("\\s+")) {
                if (part.startsWith("--")) {
                    int eq = part.indexOf('=');
                    args.put(eq < 0 ? part.substring(2) : part.substring(2, eq), eq < 0 ? "true" : part.substring(eq + 1));
                }
            }
        }
        boolean longMode = args.containsKey("long");
        if (args.containsKey("quick")) {
            // a short version of every scenario, under 4 minutes after the build; explicit options still win
            Map<String, String> quick = new LinkedHashMap<>(Map.of("drift-minutes", "1", "displays", "50",
                    "zones", "200", "clock-seconds", "20", "lateness-seconds", "15", "baseline-seconds", "10",
                    "footprint-window-seconds", "8"));
            quick.put("clock-heavy-seconds", "10");
            quick.put("footprint-training", "false");
            quick.putAll(args);
            args = quick;
        }
        Set<String> only = new TreeSet<>(Arrays.asList(args.getOrDefault("only",
                "skew,clock,lateness,drift,burst,storm,footprint").split(",")));
        double driftMinutes = Double.parseDouble(args.getOrDefault("drift-minutes", longMode ? "60" : "8"));
        int displays = Integer.parseInt(args.getOrDefault("displays", "200"));
        int zones = Integer.parseInt(args.getOrDefault("zones", "1000"));
        int perWatch = Integer.parseInt(args.getOrDefault("events-per-watch", "1000"));
        int watches = Integer.parseInt(args.getOrDefault("watches", "20"));
        int stormZones = Integer.parseInt(args.getOrDefault("storm-zones", "1000"));
        int stormDevices = Integer.parseInt(args.getOrDefault("storm-devices", "500"));
        Path out = Path.of(args.getOrDefault("out", "target/bench"));
        Path jar = Path.of(args.getOrDefault("jar", "target/limber.jar"));

        System.setProperty("limber.engine.classpath", jar.toAbsolutePath().toString());
        Report report = new Report();
        double t0 = Bench.trueMs();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("started_utc", Instant.now().toString());
        run.put("args", List.of(argv));
        // the commit measured, from scripts/bench.sh (which refuses a dirty tree unless told)
        run.put("commit", args.getOrDefault("commit", "unknown"));
        run.put("dirty", Boolean.parseBoolean(args.getOrDefault("dirty", "true")));
        // scripts/bench.sh --load=N keeps N busy-looping processes running for the whole run
        run.put("synthetic_load_busy_processes", Integer.parseInt(args.getOrDefault("load", "0")));
        run.put("load_average_at_start", loadAverage());
        run.put("nproc", Runtime.getRuntime().availableProcessors());
        run.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));

        List<String> failures = new ArrayList<>();
        Thread drift = null;
        if (only.contains("drift")) {
            drift = new Thread(() -> guarded(failures, "drift", () -> DriftScenario.run(report, driftMinutes)), "bench-drift");
            drift.start();
            log("drift: running in the background for " + driftMinutes + " min");
        }
        if (only.contains("skew")) {
            log("skew: " + displays + " displays");
            boolean quickScript = args.containsKey("quick");
            guarded(failures, "skew", () -> SkewScenario.run(report, displays, quickScript));
        }
        if (only.contains("clock")) {
            double clockSeconds = Double.parseDouble(args.getOrDefault("clock-seconds", "45"));
            double heavySeconds = Double.parseDouble(args.getOrDefault("clock-heavy-seconds", Double.toString(clockSeconds)));
            guarded(failures, "clock", () -> ClockScenario.run(report, displays, clockSeconds, heavySeconds));
        }
        if (only.contains("lateness")) {
            log("lateness + baseline: " + zones + " zones");
            int window = Integer.parseInt(args.getOrDefault("lateness-seconds", "45"));
            int baselineWindow = Integer.parseInt(args.getOrDefault("baseline-seconds", "30"));
            guarded(failures, "lateness", () -> LatenessScenario.run(report, zones, window, baselineWindow));
        }
        if (only.contains("ingest")) {
            log("ingest: " + watches + " watches x " + perWatch + " events, embedded then Mosquitto");
            guarded(failures, "ingest", () -> IngestScenario.run(report, watches, perWatch));
            guarded(failures, "ingest-moquette-default-queue",
                    () -> IngestScenario.runMoquetteDefaults(report, watches, perWatch));
        }
        if (only.contains("burst")) {
            log("burst: 1000 watches x 20 events within 1 s, default limits, embedded then Mosquitto");
            guarded(failures, "burst", () -> FloorBurstScenario.run(report, 1_000, 20));
        }
        if (only.contains("storm")) {
            log("storm: " + stormDevices + " devices reconnect within 1 s while " + stormZones + " zones run");
            guarded(failures, "storm", () -> StormScenario.run(report, stormZones, stormDevices));
        }
        if (only.contains("footprint")) {
            log("footprint: separate JVMs from " + jar);
            int cpuWindow = Integer.parseInt(args.getOrDefault("footprint-window-seconds", "20"));
            boolean training = Boolean.parseBoolean(args.getOrDefault("footprint-training", "true"));
            guarded(failures, "footprint", () -> FootprintScenario.run(report, jar, out, zones, 3, cpuWindow, training));
        }
        if (only.contains("cluster")) {
            int rounds = Integer.parseInt(args.getOrDefault("cluster-rounds", "3"));
            for (String n : args.getOrDefault("cluster-zones", "100").split(",")) {
                log("cluster: 3 instances x " + n + " sessions, " + rounds + " SIGKILL rounds");
                guarded(failures, "cluster-" + n, () -> ClusterScenario.run(report, Integer.parseInt(n), rounds));
            }
        }
        if (drift != null) {
            log("waiting for the drift run to finish");
            drift.join();
        }
        run.put("load_average_at_end", loadAverage());
        run.put("duration_sec", Bench.round((Bench.trueMs() - t0) / 1000));
        run.put("errors", failures);
        Map<String, String> summary = SummaryLine.of(report, zones);
        run.put("summary", summary);
        report.write(out, run);
        System.out.println();
        System.out.print(report.table());
        System.out.printf("%nsuite took %.0f s; load average start %s, end %s; JSON in %s%n",
                (Bench.trueMs() - t0) / 1000, run.get("load_average_at_start"), run.get("load_average_at_end"),
                out.toAbsolutePath());
        if (!failures.isEmpty()) {
            System.out.println("scenario errors: " + failures);
        }
        System.out.println("commit=" + run.get("commit") + (Boolean.TRUE.equals(run.get("dirty")) ? "+dirty" : "") + " "
                + SummaryLine.line(summary));
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    interface Body {
        void run() throws Exception;
    }

    private static void guarded(List<String> failures, String name, Body body) {
        try {
            body.run();
        } catch (Throwable e) {
            synchronized (failures) {
                failures.add(name + ": " + e);
            }
            System.err.println("scenario " + name + " failed:");
            e.printStackTrace();
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void log(String msg) {
        System.out.printf("[bench %s] %s%n", LocalTime.now().withNano(0), msg);
    }
}
