package limber.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import limber.testing.EngineFixture;
import limber.testing.FreePorts;

/**
 * Scenario 5, each figure from a separate JVM running {@code target/limber.jar}: start-up wall time to
 * GET /health = 200 (embedded broker, shipped config); live heap after a full GC (jcmd
 * GC.class_histogram) with 1,000 idle zones, then with 1,000 started-then-paused sessions; process
 * CPU time (/proc/pid/stat) per cue published while those 1,000 sessions run.
 */
final class FootprintScenario {
    private static final Pattern READY = Pattern.compile("Limber ready in (\\d+) ms");

    record Proc(Process process, String api, Path log) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy(); // SIGTERM: the engine's graceful shutdown
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    static Proc launch(Path jar, Path logDir, String tag, String... extra) throws IOException {
        return launch(jar, logDir, tag, List.of(), extra);
    }

    /** The README's run command when {@code jvm} names the class archive. */
    static Proc launch(Path jar, Path logDir, String tag, List<String> jvm, String... extra) throws IOException {
        int http = FreePorts.next();
        Path data = Files.createTempDirectory("limber-bench-data");
        Files.writeString(data.resolve("admin-password.txt"), EngineFixture.TRAINER_PASSWORD);
        List<String> cmd = new ArrayList<>(List.of(javaBin()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", jar.toString(), "--http.port=" + http,
                "--broker.port=" + FreePorts.next(), "--broker.websocketPort=" + FreePorts.next(),
                "--store.path=" + data.resolve("limber.db"), "--http.adminPasswordFile=" + data.resolve("admin-password.txt"),
                Bench.BULK_COMMANDS[0], Bench.BULK_COMMANDS[1]));
        cmd.addAll(List.of(extra));
        Files.createDirectories(logDir);
        Path log = logDir.resolve("footprint-" + tag + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Proc(p, "http://127.0.0.1:" + http, log);
    }

    /** The baseline process: {@link BareStart} from the engine jar plus the test classes. */
    static Proc bare(Path jar, Path logDir, String tag) throws IOException {
        int http = FreePorts.next();
        String cp = jar + File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath();
        List<String> cmd = List.of(javaBin(), "-cp", cp, BareStart.class.getName(), Integer.toString(http),
                Integer.toString(FreePorts.next()), Integer.toString(FreePorts.next()));
        Path log = logDir.resolve("footprint-" + tag + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Proc(p, "http://127.0.0.1:" + http, log);
    }

    /** How long the build's one training start (which records the class archive) takes, in ms. */
    static double trainingMs(Path jar, Path logDir) throws IOException, InterruptedException {
        Path archive = Files.createTempFile("limber-bench", ".jsa");
        Files.delete(archive);
        double t0 = Bench.trueMs();
        Process p = new ProcessBuilder(javaBin(), "-XX:ArchiveClassesAtExit=" + archive, "-jar", jar.toString(),
                "--cds-training").redirectErrorStream(true).redirectOutput(logDir.resolve("footprint-training.log").toFile())
                .start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        double ms = Bench.trueMs() - t0;
        if (!done) {
            p.destroyForcibly();
        }
        Files.deleteIfExists(archive);
        return done ? ms : Double.NaN;
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Wall time (ms) from process start until /health answers 200, or NaN after 30 s. */
    static double untilHealthy(Proc p, double startedAt) {
        double deadline = startedAt + 30_000;
        while (Bench.trueMs() < deadline && p.process().isAlive()) {
            if (Bench.get(p.api() + "/health").status() == 200) {
                return Bench.trueMs() - startedAt;
            }
            Bench.parkUntil(Bench.trueMs() + 5);
        }
        return Double.NaN;
    }

    /** The engine's own "ready in" figure; /health can answer a moment before that line is written. */
    static double readyLogMs(Proc p) throws IOException {
        double deadline = Bench.trueMs() + 3_000;
        while (Bench.trueMs() < deadline && p.process().isAlive()) {
            Matcher m = READY.matcher(Files.readString(p.log()));
            if (m.find()) {
                return Double.parseDouble(m.group(1));
            }
            Bench.parkUntil(Bench.trueMs() + 10);
        }
        return Double.NaN;
    }

    /** Live bytes after a full GC, from jcmd GC.class_histogram's Total line. */
    static long liveHeap(long pid) throws IOException, InterruptedException {
        return histogram(pid).getOrDefault("Total", 0L);
    }

    /** Live bytes per class after a full GC (jcmd GC.class_histogram), plus "Total". */
    static Map<String, Long> histogram(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        Map<String, Long> bytes = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            String[] parts = line.trim().split("\\s+");
            if (line.startsWith("Total") && parts.length >= 3) {
                bytes.put("Total", Long.parseLong(parts[2]));
            } else if (parts.length >= 4 && parts[0].endsWith(":")) {
                bytes.put(parts[3], Long.parseLong(parts[2]));
            }
        }
        if (!bytes.containsKey("Total")) {
            throw new IllegalStateException("no Total line from jcmd: " + out.lines().limit(5).toList());
        }
        return bytes;
    }

    /** The classes that grew most between two histograms: bytes per session, largest first. */
    static Map<String, Double> topGrowth(Map<String, Long> before, Map<String, Long> after, int sessions, int n) {
        Map<String, Double> out = new LinkedHashMap<>();
        after.entrySet().stream().filter(e -> !e.getKey().equals("Total"))
                .map(e -> Map.entry(e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / (double) sessions))
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(n)
                .forEach(e -> out.put(e.getKey(), Bench.round(e.getValue())));
        return out;
    }

    /** utime + stime of a process in ms (from /proc, clock ticks of 10 ms). */
    static double cpuMs(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
    }

    static void run(Report report, Path jar, Path outDir, int zones, int startups, int cpuWindowSec, boolean training)
            throws Exception {
        if (!Files.isRegularFile(jar)) {
            report.add("footprint", "engine jar present", 0, "bool", "1", false);
            return;
        }
        Path archive = jar.resolveSibling("limber.jsa");
        List<String> withArchive = Files.isRegularFile(archive) ? List.of("-XX:SharedArchiveFile=" + archive) : List.of();
        List<Double> wall = new ArrayList<>();
        List<Double> inJvm = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        List<Double> bare = new ArrayList<>();
        for (int i = 0; i < startups; i++) { // interleaved, so a load change hits all three alike
            double t0 = Bench.trueMs();
            try (Proc p = launch(jar, outDir, "startup-" + i, withArchive)) {
                wall.add(untilHealthy(p, t0));
                inJvm.add(readyLogMs(p));
            }
            t0 = Bench.trueMs();
            try (Proc p = launch(jar, outDir, "startup-plain-" + i)) {
                plain.add(untilHealthy(p, t0));
            }
            t0 = Bench.trueMs();
            try (Proc p = bare(jar, outDir, "bare-" + i)) {
                bare.add(untilHealthy(p, t0));
            }
        }
        Bench.Summary w = Bench.Summary.of(wall);
        double bareMs = Bench.Summary.of(bare).p50();
        Map<String, Object> d = report.details("footprint");
        d.put("class_archive", withArchive.isEmpty() ? "none (target/limber.jsa missing)" : archive.toString());
        d.put("startup_wall_to_health_ms", wall);
        d.put("startup_ready_log_ms", inJvm);
        d.put("startup_without_archive_ms", plain);
        d.put("startup_bare_jvm_vertx_moquette_ms", bare);
        if (training) { // the build's one start that records the class archive (--quick leaves it out)
            d.put("cds_training_start_ms", Bench.round(trainingMs(jar, outDir)));
        }
        report.add("footprint", "start-up to /health UP (median of " + startups + ")", w.p50(), "ms", "<= 1000",
                w.p50() <= 1000);
        report.info("footprint", "start-up, in-JVM 'ready in' (median)", Bench.Summary.of(inJvm).p50(), "ms");
        report.info("footprint", "start-up without the class archive (median)", Bench.Summary.of(plain).p50(), "ms");
        report.info("footprint", "baseline: bare JVM + Vert.x + Moquette start (median)", bareMs, "ms");
        report.info("footprint", "start-up / bare baseline ratio", w.p50() / bareMs, "x");

        Path cfg = Bench.configWithZones(Bench.configDir(), zones);
        double t0 = Bench.trueMs();
        try (Proc p = launch(jar, outDir, "heap", "--config-dir=" + cfg)) {
            double ready = untilHealthy(p, t0);
            d.put("startup_with_" + zones + "_zones_ms", Bench.round(ready));
            long pid = p.process().pid();
            Bench.parkUntil(Bench.trueMs() + 1_000);
            Map<String, Long> idleHistogram = histogram(pid);
            long idle = idleHistogram.get("Total");
            for (int i = 0; i < zones; i++) {
                Bench.post(p.api() + "/api/zones/" + Bench.zoneId(i) + "/session",
                        "{\"routineId\":\"post-workout-cooldown\",\"holdSeconds\":20}");
            }
            Bench.parkUntil(Bench.trueMs() + 8_000); // let start-up JIT work settle before measuring CPU
            double cpu0 = cpuMs(pid);
            double cues0 = Bench.Scrape.of(p.api()).sum("limber_cues_published_total");
            Bench.parkUntil(Bench.trueMs() + cpuWindowSec * 1000.0);
            double cpu1 = cpuMs(pid);
            double cues1 = Bench.Scrape.of(p.api()).sum("limber_cues_published_total");
            int paused = 0;
            for (int i = 0; i < zones; i++) {
                paused += Bench.post(p.api() + "/api/zones/" + Bench.zoneId(i) + "/session/pause", "").status() == 200 ? 1 : 0;
            }
            Bench.parkUntil(Bench.trueMs() + 2_000);
            Map<String, Long> sessionHistogram = histogram(pid);
            long withSessions = sessionHistogram.get("Total");
            d.put("heap_growth_bytes_per_session_top_classes", topGrowth(idleHistogram, sessionHistogram, zones, 15));
            double perSession = (withSessions - idle) / (double) zones / 1024;
            double cpuPerCue = (cpu1 - cpu0) * 1000 / Math.max(1, cues1 - cues0);
            d.put("zones", zones);
            d.put("paused_sessions", paused);
            d.put("live_heap_idle_zones_bytes", idle);
            d.put("live_heap_paused_sessions_bytes", withSessions);
            d.put("heap_per_idle_session_kb", Bench.round(perSession));
            d.put("cpu_ms_in_window", cpu1 - cpu0);
            d.put("cues_in_window", cues1 - cues0);
            d.put("process_cpu_per_cue_us", Bench.round(cpuPerCue));
            report.add("footprint", "heap per idle (paused) session", perSession, "KB", "<= 8", perSession <= 8);
            report.info("footprint", "live heap, " + zones + " idle zones", idle / 1048576.0, "MB");
            report.info("footprint", "process CPU per cue (" + zones + " sessions)", cpuPerCue, "us");
            report.info("footprint", "cue rate while measuring CPU", (cues1 - cues0) / cpuWindowSec, "1/s");
        }
    }
}
