package limber.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import limber.protocol.Topics;
import limber.testing.ClockFilter;
import limber.testing.DeviceLogin;
import limber.testing.EngineFixture;
import limber.testing.JitterRelay;
import limber.testing.JitterRelay.Profile;
import limber.testing.PahoOptions;

/**
 * Clock sync under jitter: {@code displays} simulated displays, one MQTT connection each, every one with its
 * own clock offset (uniform in +-5 s) running the shared filter ({@link ClockFilter}, the twin of
 * clock.js) with the pages' ping schedule (a burst of 40 pings 10 ms apart, then one every 125 ms), through
 * a {@link JitterRelay} in front of the embedded broker (or straight to it: loopback). Every 50 ms of true
 * time, each display's synced-clock error (its corrected clock minus the true engine clock) is read at the
 * same true instant; the spread is the largest minus the smallest error of all displays at that instant.
 */
final class ClockScenario {
    private static final int BURST = ClockFilter.CONVERGE_SAMPLES;
    private static final double BURST_GAP_MS = ClockFilter.BURST_GAP_MS;
    private static final double STEADY_MS = 125;

    private final class Display {
        final String id;
        final double offsetMs; // local = true + offsetMs
        final ClockFilter filter = new ClockFilter();
        final Map<Long, Double> pending = new HashMap<>();
        MqttAsyncClient client;
        double convergedError = Double.NaN;
        double convergedAfterMs = Double.NaN;
        double firstPingLocal = Double.NaN;

        Display(String id, double offsetMs) {
            this.id = id;
            this.offsetMs = offsetMs;
        }

        double local() {
            return Bench.trueMs() + offsetMs;
        }

        synchronized void ping() {
            double precise = local();
            if (Double.isNaN(firstPingLocal)) {
                firstPingLocal = precise;
            }
            long t0 = Math.round(precise);
            while (pending.containsKey(t0)) {
                t0++;
            }
            pending.put(t0, precise);
            try {
                client.publish(Topics.ping(id), ("{\"t0\":" + t0 + "}").getBytes(StandardCharsets.UTF_8), 0, false);
                pings.incrementAndGet();
            } catch (MqttException e) {
                errors.incrementAndGet();
            }
        }

        synchronized void pong(JsonNode n) {
            double t3 = local();
            Double t0 = pending.remove(n.get("t0").asLong());
            if (t0 == null) {
                return;
            }
            boolean was = filter.converged();
            Long t1us = n.has("t1us") ? n.get("t1us").asLong() : null;
            Long t2us = n.has("t2us") ? n.get("t2us").asLong() : null;
            filter.add(t0, ClockFilter.stamp(n.get("t1").asLong(), t1us), ClockFilter.stamp(n.get("t2").asLong(), t2us), t3);
            pongs.incrementAndGet();
            if (!was && filter.converged()) {
                convergedError = t3 + filter.offsetAt(t3) - (t3 - offsetMs);
                convergedAfterMs = t3 - firstPingLocal;
            }
        }

        /** Corrected clock minus true time at true instant {@code trueMs}. */
        synchronized double errorAt(double trueMs) {
            double local = trueMs + offsetMs;
            return local + filter.offsetAt(local) - trueMs;
        }
    }

    /** Hands each pong to its display. */
    private final class PongCallback implements MqttCallback {
        private final Display display;

        PongCallback(Display display) {
            this.display = display;
        }

        @Override
        public void messageArrived(String topic, MqttMessage m) throws Exception {
            display.pong(Bench.JSON.readTree(m.getPayload()));
        }

        @Override
        public void connectionLost(Throwable cause) {
            errors.incrementAndGet();
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }

    private final AtomicLong pings = new AtomicLong();
    private final AtomicLong pongs = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    /** What one profile measured. */
    record Outcome(Bench.Summary spread, Bench.Summary absError, Bench.Summary convergedAbsError,
                   Bench.Summary convergedAfterMs, Map<String, Object> details) {
    }

    static Outcome measure(EngineFixture engine, Profile profile, int displays, double seconds, long seed) throws Exception {
        return new ClockScenario().run(engine, profile, displays, seconds, seed);
    }

    private Outcome run(EngineFixture engine, Profile profile, int count, double seconds, long seed) throws Exception {
        String brokerUrl = engine.brokerUrl;
        URI broker = URI.create(brokerUrl);
        JitterRelay relay = profile == Profile.NONE ? null : new JitterRelay(broker.getPort(), profile, seed);
        String url = relay == null ? brokerUrl : "tcp://127.0.0.1:" + relay.port();
        Random rnd = new Random(seed);
        List<Display> fleet = new ArrayList<>();
        try {
            List<IMqttToken> tokens = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Display d = new Display("clk" + seed + "-" + i, (rnd.nextDouble() * 2 - 1) * 5_000);
                d.client = new MqttAsyncClient(url, d.id, new MemoryPersistence());
                d.client.setCallback(new PongCallback(d));
                MqttConnectOptions o = PahoOptions.v311();
                DeviceLogin login = engine.device(d.id, "display", "main-floor"); // each display its own login
                o.setUserName(login.username());
                o.setPassword(login.password().toCharArray());
                o.setCleanSession(true);
                o.setKeepAliveInterval(30);
                o.setConnectionTimeout(30);
                tokens.add(d.client.connect(o));
                fleet.add(d);
            }
            for (IMqttToken t : tokens) {
                t.waitForCompletion(60_000);
            }
            tokens.clear();
            for (Display d : fleet) {
                tokens.add(d.client.subscribe(Topics.pong(d.id), 0));
            }
            for (IMqttToken t : tokens) {
                t.waitForCompletion(60_000);
            }
            double start = Bench.trueMs() + 100;
            double end = start + seconds * 1000;
            double settle = start + Math.max(0, seconds - 10) * 1000; // the window is full for the last 10 s
            Thread pinger = new Thread(() -> pingLoop(fleet, start, end), "bench-clock-pinger");
            pinger.setDaemon(true);
            pinger.setPriority(Thread.MAX_PRIORITY);
            pinger.start();
            List<Double> spreads = new ArrayList<>();
            List<Double> absErrors = new ArrayList<>();
            for (double t = settle; t < end; t += 50) {
                Bench.parkUntil(t);
                double at = Bench.trueMs();
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (Display d : fleet) {
                    double e = d.errorAt(at);
                    lo = Math.min(lo, e);
                    hi = Math.max(hi, e);
                    absErrors.add(Math.abs(e));
                }
                spreads.add(hi - lo);
            }
            pinger.join(5_000);
            List<Double> convErr = new ArrayList<>();
            List<Double> convAfter = new ArrayList<>();
            for (Display d : fleet) {
                if (!Double.isNaN(d.convergedError)) {
                    convErr.add(Math.abs(d.convergedError));
                    convAfter.add(d.convergedAfterMs);
                }
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("profile", profile.name());
            details.put("displays", count);
            details.put("seconds", seconds);
            details.put("measured_last_seconds", (end - settle) / 1000);
            details.put("pings", pings.get());
            details.put("pongs", pongs.get());
            details.put("publish_errors", errors.get());
            details.put("converged_displays", convErr.size());
            if (relay != null) {
                details.put("relay_chunks", relay.chunks());
                details.put("relay_applied_delay_ms", Bench.Summary.of(relay.appliedDelaysMs()).json());
            }
            Outcome o = new Outcome(Bench.Summary.of(spreads), Bench.Summary.of(absErrors), Bench.Summary.of(convErr),
                    Bench.Summary.of(convAfter), details);
            details.put("spread_ms", o.spread().json());
            details.put("abs_error_ms", o.absError().json());
            details.put("abs_error_at_convergence_ms", o.convergedAbsError().json());
            details.put("converged_after_ms", o.convergedAfterMs().json());
            return o;
        } finally {
            for (Display d : fleet) {
                try {
                    if (d.client.isConnected()) {
                        d.client.disconnect(1000).waitForCompletion(2000);
                    }
                    d.client.close(true);
                } catch (MqttException e) {
                    // closing anyway
                }
            }
            if (relay != null) {
                relay.close();
            }
        }
    }

    /** Each display starts within the first second, bursts, then pings every STEADY_MS, phases spread. */
    private static void pingLoop(List<Display> fleet, double start, double end) {
        int n = fleet.size();
        double[] next = new double[n];
        int[] sent = new int[n];
        for (int i = 0; i < n; i++) {
            next[i] = start + 1000.0 * i / n;
        }
        while (true) {
            int k = 0;
            for (int i = 1; i < n; i++) {
                if (next[i] < next[k]) {
                    k = i;
                }
            }
            if (next[k] >= end) {
                return;
            }
            Bench.parkUntil(next[k]);
            fleet.get(k).ping();
            sent[k]++;
            next[k] += sent[k] < BURST ? BURST_GAP_MS : STEADY_MS;
        }
    }

    /** {@code heavySeconds}: the heavy-tailed profile has no target, so --quick gives it less time. */
    static void run(Report report, int displays, double seconds, double heavySeconds) throws Exception {
        // the admin makes one login per simulated display: the per-trainer command limit is lifted for that
        // setup only, the device limits the displays run under stay as shipped
        try (EngineFixture engine = EngineFixture.embedded("--http.commandsPerSecond=1000", "--http.commandBurst=1000")) {
            for (Profile p : List.of(Profile.NONE, Profile.UNIFORM, Profile.HEAVY)) {
                double length = p == Profile.HEAVY ? heavySeconds : seconds;
                BenchMain.log("clock: " + displays + " displays, " + p.name() + ", " + length + " s");
                Outcome o = measure(engine, p, displays, length, 7);
                String s = "clock-" + (p == Profile.NONE ? "loopback" : p.name());
                report.details(s).putAll(o.details());
                boolean uniform = p == Profile.UNIFORM;
                report.add(s, "cross-display spread p50", o.spread().p50(), "ms", "", null);
                report.add(s, "cross-display spread p99", o.spread().p99(), "ms", uniform ? "<= 1" : "",
                        uniform ? o.spread().p99() <= 1 : null);
                report.add(s, "cross-display spread max", o.spread().max(), "ms", "", null);
                boolean loop = p == Profile.NONE;
                report.add(s, "per-display |error| p50", o.absError().p50(), "ms", "", null);
                report.add(s, "per-display |error| p99", o.absError().p99(), "ms", loop ? "<= 0.3" : "",
                        loop ? o.absError().p99() <= 0.3 : null);
                report.add(s, "per-display |error| max", o.absError().max(), "ms", "", null);
                report.add(s, "|error| at first convergence p99", o.convergedAbsError().p99(), "ms", "", null);
                report.add(s, "time to first convergence p99", o.convergedAfterMs().p99(), "ms", "", null);
            }
        }
    }
}
