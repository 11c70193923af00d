package limber.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import limber.testing.EngineCluster;
import limber.testing.EngineProcess;
import limber.testing.MqttProbe;
import limber.testing.PostgresDatabase;

/**
 * Scenario 7, clustered mode on one Mosquitto and one PostgreSQL, every engine in its own JVM.
 * <ul>
 * <li>Baseline: one engine, not clustered, running {@code perInstance} sessions: its cue lateness.</li>
 * <li>Three instances running 3 x {@code perInstance} sessions: each instance's lateness, as a ratio to
 * the baseline (what being in a cluster costs an instance).</li>
 * <li>{@code rounds} times: SIGKILL one instance mid-session, time until each of its zones is published
 * again under a new epoch (takeover), the survivors' lateness while they carry 1.5 x the load; then a
 * fresh instance joins and takes its share back at phase boundaries.</li>
 * </ul>
 */
final class ClusterScenario {
    private static final String LATENESS = "limber_deadline_lateness_seconds";
    private static final long WINDOW_MS = 30_000;

    private ClusterScenario() {
    }

    static void run(Report report, int perInstance, int rounds) throws Exception {
        String tag = "cluster-" + perInstance;
        try (EngineCluster cluster = new EngineCluster(3 * perInstance, 3 + rounds, Bench.BULK_COMMANDS)) {
            double baseline = baseline(cluster, perInstance);
            report.add(tag, "baseline: single engine lateness p99, " + perInstance + " sessions", baseline, "ms", "", null);

            for (int i = 0; i < 3; i++) {
                cluster.startInstance();
            }
            waitUntil(120_000, () -> balanced(cluster, 3));
            try (MqttProbe display = new MqttProbe(cluster.broker.url()).subscribe("limber/v1/zones/+/session")) {
                startAll(cluster.instance(0).api(), cluster.zones);
                pause(10_000);
                double worst = 0;
                List<EngineProcess> live = new ArrayList<>(List.of(cluster.instance(0), cluster.instance(1),
                        cluster.instance(2)));
                for (double p99 : latenessWindow(live)) {
                    worst = Math.max(worst, p99);
                }
                report.add(tag, "clustered instance lateness p99 (worst of 3), " + perInstance + " sessions each", worst,
                        "ms", "", null);
                report.add(tag, "clustered / single lateness p99", worst / Math.max(baseline, 1), "ratio", "", null);

                List<Double> slowest = new ArrayList<>();
                List<Double> medians = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    EngineProcess victim = live.remove(r % live.size());
                    String victimName = nameOf(cluster, victim);
                    Map<String, Long> epochs = cluster.epochs();
                    Set<String> orphans = new HashSet<>();
                    cluster.owners().forEach((z, n) -> {
                        if (n.equals(victimName)) {
                            orphans.add(z);
                        }
                    });
                    int seen = display.received.size();
                    double killedAt = System.currentTimeMillis();
                    victim.kill();
                    Map<String, Long> taken = new HashMap<>();
                    waitUntil(60_000, () -> {
                        for (MqttProbe.Received m : display.received.subList(seen, display.received.size())) {
                            String z = m.topic().split("/")[3];
                            if (orphans.contains(z) && m.json().path("epoch").asLong() > epochs.get(z)) {
                                taken.putIfAbsent(z, m.arrivedAt());
                            }
                        }
                        return taken.keySet().containsAll(orphans);
                    });
                    List<Double> times = taken.values().stream().map(t -> t - killedAt).sorted().toList();
                    slowest.add(times.get(times.size() - 1));
                    medians.add(times.get(times.size() / 2));
                    BenchMain.log(String.format("%s round %d: %d zones re-owned, median %.0f ms, slowest %.0f ms",
                            tag, r + 1, orphans.size(), times.get(times.size() / 2), times.get(times.size() - 1)));
                    double survivors = 0;
                    for (double p99 : latenessWindow(live)) {
                        survivors = Math.max(survivors, p99);
                    }
                    report.add(tag, "round " + (r + 1) + ": survivors' lateness p99 carrying 1.5x", survivors, "ms", "",
                            null);
                    live.add(cluster.startInstance());
                    waitUntil(120_000, () -> balanced(cluster, 3));
                }
                Bench.Summary s = Bench.Summary.of(slowest);
                Bench.Summary m = Bench.Summary.of(medians);
                report.add(tag, "takeover, slowest zone after SIGKILL (median of " + rounds + " rounds)", s.p50(), "ms",
                        "<= 5000", s.max() <= 5000);
                report.add(tag, "takeover, slowest zone, worst round", s.max(), "ms", "", null);
                report.add(tag, "takeover, slowest zone, best round", s.min(), "ms", "", null);
                report.add(tag, "takeover, median zone (median of rounds)", m.p50(), "ms", "", null);
                report.add(tag, "takeover / cluster.leaseMs (3000)", s.p50() / 3000, "ratio", "", null);
            }
        }
    }

    /** One plain engine (cluster off) on the same broker, its own database: lateness p99 with n sessions. */
    private static double baseline(EngineCluster cluster, int n) throws Exception {
        try (PostgresDatabase db = new PostgresDatabase();
             EngineProcess single = new EngineProcess("--config-dir=" + cluster.configDir(), "--broker.mode=external",
                     "--broker.url=" + cluster.broker.url(), "--store.kind=postgresql", "--store.url=" + db.url(),
                     "--engine.id=baseline", Bench.BULK_COMMANDS[0], Bench.BULK_COMMANDS[1])) {
            single.start();
            startAll(single.api(), cluster.zones.subList(0, n));
            pause(10_000);
            double p99 = latenessWindow(List.of(single)).get(0);
            for (String z : cluster.zones.subList(0, n)) {
                Bench.post(single.api() + "/api/zones/" + z + "/session/stop", "");
            }
            return p99;
        }
    }

    private static List<Double> latenessWindow(List<EngineProcess> engines) {
        List<Bench.Scrape> before = engines.stream().map(e -> Bench.Scrape.of(e.api())).toList();
        pause(WINDOW_MS);
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < engines.size(); i++) {
            Bench.Scrape after = Bench.Scrape.of(engines.get(i).api());
            out.add(Bench.bucketPct(before.get(i).buckets(LATENESS), after.buckets(LATENESS), 99) * 1000);
        }
        return out;
    }

    private static void startAll(String api, List<String> zones) {
        for (String z : zones) {
            Bench.Response r = Bench.post(api + "/api/zones/" + z + "/session",
                    "{\"routineId\":\"lower-back-relief\",\"holdSeconds\":30}");
            if (r.status() != 201) {
                throw new IllegalStateException("start " + z + ": " + r.status() + " " + r.body());
            }
        }
    }

    private static boolean balanced(EngineCluster cluster, int instances) throws Exception {
        Map<String, Integer> per = cluster.zonesPerInstance();
        int total = per.values().stream().mapToInt(i -> i).sum();
        int cap = (cluster.zones.size() + instances - 1) / instances;
        return per.size() == instances && total == cluster.zones.size()
                && per.values().stream().allMatch(n -> n >= cluster.zones.size() / instances && n <= cap);
    }

    private static String nameOf(EngineCluster cluster, EngineProcess p) {
        for (int i = 0; i < cluster.size(); i++) {
            if (cluster.instance(i) == p) {
                return EngineCluster.name(i);
            }
        }
        throw new IllegalArgumentException("not in the cluster");
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void waitUntil(long ms, Check check) throws Exception {
        double deadline = Bench.trueMs() + ms;
        while (!check.ok()) {
            if (Bench.trueMs() > deadline) {
                throw new IllegalStateException("condition not met within " + ms + " ms");
            }
            Bench.parkUntil(Bench.trueMs() + 100);
        }
    }

    private static void pause(long ms) {
        Bench.parkUntil(Bench.trueMs() + ms);
    }
}
