package limber.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import limber.broker.EmbeddedBroker;
import limber.clock.ZoneServices;
import limber.testing.DeviceLogin;
import limber.testing.EngineFixture;
import limber.testing.FreePorts;
import limber.testing.PahoOptions;
import limber.testing.PahoStart;

/**
 * Scenario 2 (and 6): {@code zones} concurrent sessions with 20 s holds on one engine. Deadline lateness
 * from the engine's own histogram (publish instant minus planned publish instant, integer ms) and, from
 * a subscriber, delivery latency (receipt minus planned publish instant). Then the baseline: the same
 * cue schedule (instants, topics, payload sizes) replayed by a bare Paho publisher on the same broker
 * (Moquette, engine settings) to the same subscriber, with no engine.
 */
final class LatenessScenario {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** A cue as the subscriber saw it: planned publish instant, receipt instant, zone index, size, its instant (NaN: none). */
    record Cue(double planned, double received, int zone, int bytes, double at) {
        boolean beforeInstant() {
            return received < at;
        }
    }

    /** Share (%) of {@code cues} received before their instant, NaN when none carries one. */
    static double beforeInstantPct(List<Cue> cues) {
        long withInstant = cues.stream().filter(c -> !Double.isNaN(c.at())).count();
        long before = cues.stream().filter(c -> !Double.isNaN(c.at()) && c.beforeInstant()).count();
        return withInstant == 0 ? Double.NaN : 100.0 * before / withInstant;
    }

    static final class CueSink implements MqttCallback {
        final List<Cue> cues = Collections.synchronizedList(new ArrayList<>());
        final long advance;
        volatile boolean recording;

        CueSink(long advance) {
            this.advance = advance;
        }

        @Override
        public void messageArrived(String topic, MqttMessage m) throws Exception {
            double now = Bench.trueMs();
            if (!recording) {
                return;
            }
            JsonNode n = Bench.JSON.readTree(m.getPayload());
            double planned = n.has("pub") ? n.get("pub").asDouble() : n.get("at").asLong() - advance;
            String zone = topic.split("/")[3];
            int zi = zone.startsWith("z") ? Integer.parseInt(zone.substring(1)) : -1;
            cues.add(new Cue(planned, now, zi, m.getPayload().length, n.has("at") ? n.get("at").asDouble() : Double.NaN));
        }

        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }

    /** {@code login}: an observer's, or null on a bare broker without logins (the baselines). */
    static MqttAsyncClient subscriber(String url, DeviceLogin login, String filter, MqttCallback cb) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(url, "bench-sub-" + System.nanoTime(), new MemoryPersistence());
        c.setCallback(cb);
        MqttConnectOptions o = PahoOptions.v311();
        o.setCleanSession(true);
        o.setMaxInflight(10_000);
        if (login != null) {
            o.setUserName(login.username());
            o.setPassword(login.password().toCharArray());
        }
        PahoStart.connectAndSubscribe(c, o, new String[] {filter}, new int[] {1});
        return c;
    }

    static Set<Long> eventLoopThreads() {
        Set<Long> ids = new HashSet<>();
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("vert.x-eventloop")) {
                ids.add(t.getThreadId());
            }
        }
        return ids;
    }

    static Map<Long, Long> cpu(Set<Long> ids) {
        Map<Long, Long> m = new LinkedHashMap<>();
        for (long id : ids) {
            m.put(id, THREADS.getThreadCpuTime(id));
        }
        return m;
    }

    /** utime and stime (ms) summed over this JVM's OS threads named vert.x-eventloo* (from /proc/self/task). */
    static double[] eventLoopUserSys() {
        double[] us = new double[2];
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (!comm.startsWith("vert.x-eventloo")) {
                        continue;
                    }
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    us[0] += Long.parseLong(f[11]) * 10.0;
                    us[1] += Long.parseLong(f[12]) * 10.0;
                } catch (IOException | RuntimeException e) {
                    // thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return us;
    }

    static void run(Report report, int zones, int windowSec, int baselineSec) throws Exception {
        Path dir = Bench.configWithZones(Bench.configDir(), zones);
        Set<Long> before = eventLoopThreads();
        List<Cue> schedule;
        double engineCpuPerCueUs;
        try (EngineFixture engine = EngineFixture.embedded("--config-dir=" + dir, Bench.BULK_COMMANDS[0], Bench.BULK_COMMANDS[1])) {
            CueSink sink = new CueSink(ZoneServices.cueAdvanceFor(
                    engine.engine.settings().engine().session().leadMs()));
            MqttAsyncClient sub = subscriber(engine.brokerUrl, engine.logins().observer(), "limber/v1/zones/+/cue", sink);
            String[] routines = {"post-workout-cooldown", "lower-back-relief", "dynamic-warm-up", "beginner"};
            double startT = Bench.trueMs();
            int failed = 0;
            for (int i = 0; i < zones; i++) {
                Bench.Response r = Bench.post(engine.api() + "/api/zones/" + Bench.zoneId(i) + "/session",
                        "{\"routineId\":\"" + routines[i % routines.length] + "\",\"holdSeconds\":20}");
                failed += r.status() == 201 ? 0 : 1;
            }
            double startSec = (Bench.trueMs() - startT) / 1000;
            Set<Long> loops = eventLoopThreads();
            loops.removeAll(before);
            Bench.parkUntil(Bench.trueMs() + 5_000); // warm-up: JIT, first cues
            Bench.Scrape s0 = Bench.Scrape.of(engine.api());
            Map<Long, Long> cpu0 = cpu(loops);
            double[] userSys0 = eventLoopUserSys();
            String load0 = BenchMain.loadAverage();
            double w0 = Bench.trueMs();
            sink.recording = true;
            Bench.Summary hiccup;
            double[] stalls;
            try (HiccupMeter meter = new HiccupMeter()) {
                Bench.parkUntil(w0 + windowSec * 1000.0);
                hiccup = meter.summary();
                stalls = meter.stalls(10);
            }
            sink.recording = false;
            double w1 = Bench.trueMs();
            Map<Long, Long> cpu1 = cpu(loops);
            double[] userSys1 = eventLoopUserSys();
            Bench.Scrape s1 = Bench.Scrape.of(engine.api());
            sub.disconnect().waitForCompletion(5_000);
            sub.close();

            Map<Double, Double> b0 = s0.buckets("limber_deadline_lateness_seconds");
            Map<Double, Double> b1 = s1.buckets("limber_deadline_lateness_seconds");
            double cues = s1.sum("limber_cues_published_total") - s0.sum("limber_cues_published_total");
            double p50 = Bench.bucketPct(b0, b1, 50) * 1000;
            double p99 = Bench.bucketPct(b0, b1, 99) * 1000;
            double pmax = Bench.bucketPct(b0, b1, 100) * 1000;
            double wall = (w1 - w0) * 1e6; // ns
            double busiest = 0;
            double total = 0;
            for (long id : loops) {
                double d = cpu1.getOrDefault(id, 0L) - cpu0.getOrDefault(id, 0L);
                busiest = Math.max(busiest, d);
                total += d;
            }
            engineCpuPerCueUs = cues > 0 ? busiest / cues / 1000 : Double.NaN;
            List<Double> delivery = new ArrayList<>();
            synchronized (sink.cues) {
                sink.cues.forEach(c -> delivery.add(c.received() - c.planned()));
                schedule = new ArrayList<>(sink.cues);
            }
            Bench.Summary del = Bench.Summary.of(delivery);
            Map<String, Object> d = report.details("lateness");
            d.put("zones", zones);
            d.put("start_requests_failed", failed);
            d.put("start_all_sessions_sec", Bench.round(startSec));
            d.put("window_sec", windowSec);
            d.put("cues_published_in_window", cues);
            d.put("cues_received_in_window", delivery.size());
            d.put("engine_lateness_ms_bucket_upper_bounds", Map.of("p50", p50, "p99", p99, "max", pmax));
            d.put("engine_lateness_max_gauge_ms", s1.sum("limber_deadline_lateness_seconds_max") * 1000);
            d.put("delivery_latency_ms", del.json());
            d.put("event_loop_threads", loops.size());
            d.put("event_loop_busiest_cpu_utilisation", Bench.round(busiest / wall));
            d.put("event_loop_total_cpu_utilisation", Bench.round(total / wall));
            d.put("sessions_active", s1.sum("limber_sessions_active"));
            d.put("all_vertx_event_loops_user_ms", userSys1[0] - userSys0[0]);
            d.put("all_vertx_event_loops_sys_ms", userSys1[1] - userSys0[1]);
            d.put("load_average_window_start", load0);
            d.put("load_average_window_end", BenchMain.loadAverage());
            d.put("hiccup_meter_wakeup_lateness_ms", hiccup.json());
            d.put("hiccup_meter_stalls_over_10ms", Map.of("count", stalls[0], "total_ms", Bench.round(stalls[1])));
            report.add("lateness", "engine deadline lateness p50", p50, "ms", "", null);
            report.add("lateness", "engine deadline lateness p99", p99, "ms", "<= 2", p99 <= 2);
            report.add("lateness", "engine deadline lateness max", pmax, "ms", "", null);
            report.info("lateness", "cue rate", cues / ((w1 - w0) / 1000), "1/s");
            report.info("lateness", "control: 1 ms hiccup meter lateness p99", hiccup.p99(), "ms");
            report.info("lateness", "control: 1 ms hiccup meter lateness max", hiccup.max(), "ms");
            report.info("lateness", "event-loop utilisation (busiest loop CPU)", 100 * busiest / wall, "%");
            report.info("lateness", "delivery latency p50 (receipt - planned)", del.p50(), "ms");
            report.info("lateness", "delivery latency p99 (receipt - planned)", del.p99(), "ms");
            report.info("lateness", "delivery latency max", del.max(), "ms");
            double onTime = beforeInstantPct(schedule);
            d.put("cues_received_before_their_instant_pct", onTime);
            report.add("lateness", "cues received before their instant", onTime, "%", "= 100", onTime == 100.0);
            report.info("lateness", "event-loop CPU per cue", engineCpuPerCueUs, "us");
            if (failed > 0 || delivery.isEmpty()) {
                report.add("lateness", "sessions started", zones - failed, "count", "= " + zones, false);
            }
            Map<String, Object> baseline = baseline(schedule, baselineSec);
            report.details("baseline").putAll(baseline);
            Bench.Summary bl = (Bench.Summary) baseline.remove("summary");
            double blCpu = (Double) baseline.get("publisher_cpu_per_message_us");
            report.info("baseline", "bare Paho delivery latency p50", bl.p50(), "ms");
            report.info("baseline", "bare Paho delivery latency p99", bl.p99(), "ms");
            report.info("baseline", "bare Paho delivery latency max", bl.max(), "ms");
            report.info("baseline", "engine/bare delivery p50 ratio", del.p50() / bl.p50(), "x");
            report.info("baseline", "engine/bare delivery p99 ratio", del.p99() / bl.p99(), "x");
            report.info("baseline", "engine/bare CPU per message ratio", engineCpuPerCueUs / blCpu, "x");
            report.info("baseline", "bare publisher CPU per message", blCpu, "us");
        }
    }

    /** Replays the first {@code seconds} of the observed cue schedule through a bare publisher. */
    static Map<String, Object> baseline(List<Cue> observed, int seconds) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        if (observed.isEmpty()) {
            out.put("summary", Bench.Summary.of(List.of()));
            out.put("publisher_cpu_per_message_us", Double.NaN);
            return out;
        }
        List<Cue> sched = new ArrayList<>(observed);
        sched.sort((a, b) -> Double.compare(a.planned(), b.planned()));
        double first = sched.get(0).planned();
        sched.removeIf(c -> c.planned() - first > seconds * 1000.0);
        EmbeddedBroker broker = new EmbeddedBroker();
        int port = FreePorts.next();
        broker.start(new EmbeddedBroker.Settings("127.0.0.1", port, FreePorts.next(), "/mqtt", 65_536, null, new SimpleMeterRegistry(), 1_000_000, 1_000_000)); // no device limits: a baseline of the broker itself
        try {
            String url = "tcp://127.0.0.1:" + port;
            CueSink sink = new CueSink(0);
            MqttAsyncClient sub = subscriber(url, null, "bench/zones/+/cue", sink);
            MqttAsyncClient pub = new MqttAsyncClient(url, "bench-bare-pub", new MemoryPersistence());
            MqttConnectOptions o = PahoOptions.v311();
            o.setCleanSession(true);
            o.setMaxInflight(2000); // the engine's setting
            pub.connect(o).waitForCompletion(10_000);
            sink.recording = true;
            double base = Bench.trueMs() + 1_000 - first;
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            List<Double> pubLate = new ArrayList<>();
            long refused = 0;
            for (Cue c : sched) {
                double planned = base + c.planned();
                Bench.parkUntil(planned);
                String head = "{\"pub\":" + planned + ",\"pad\":\"";
                int pad = Math.max(0, c.bytes() - head.length() - 2);
                byte[] payload = (head + "x".repeat(pad) + "\"}").getBytes(StandardCharsets.UTF_8);
                pubLate.add(Bench.trueMs() - planned);
                try {
                    pub.publish("bench/zones/" + Bench.zoneId(Math.max(0, c.zone())) + "/cue", payload, 1, false);
                } catch (MqttException e) {
                    refused++;
                }
            }
            long cpu1 = THREADS.getCurrentThreadCpuTime();
            double endWait = Bench.trueMs() + 5_000;
            while (sink.cues.size() < sched.size() - refused && Bench.trueMs() < endWait) {
                Bench.parkUntil(Bench.trueMs() + 10);
            }
            sink.recording = false;
            List<Double> delivery = new ArrayList<>();
            synchronized (sink.cues) {
                sink.cues.forEach(c -> delivery.add(c.received() - c.planned()));
            }
            Bench.Summary s = Bench.Summary.of(delivery);
            out.put("messages", sched.size());
            out.put("received", delivery.size());
            out.put("publish_refused", refused);
            out.put("replayed_seconds", seconds);
            out.put("publisher_lateness_ms", Bench.Summary.of(pubLate).json());
            out.put("delivery_latency_ms", s.json());
            out.put("publisher_cpu_per_message_us", (cpu1 - cpu0) / 1000.0 / sched.size());
            out.put("summary", s);
            pub.disconnect().waitForCompletion(5_000);
            pub.close();
            sub.disconnect().waitForCompletion(5_000);
            sub.close();
        } finally {
            broker.stop();
        }
        return out;
    }
}
