package limber.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;

import limber.clock.ZoneServices;
import limber.protocol.Topics;
import limber.security.PasswordHash;
import limber.testing.DeviceLogin;
import limber.testing.EngineFixture;
import limber.testing.RawClients;

/**
 * Issue 14 item 5, the reconnect storm: {@code zones} sessions with 20 s holds run while {@code devices}
 * devices connect within one second, each retrying a refusal after 0.5 s as the pages do. A device is
 * back when its zone subscription is acknowledged. Three waves: devices from devices.yaml, cold (first
 * login since the engine started, so every login costs a 20,000-round PBKDF2); the same devices after
 * a blip (their logins are cached); and as many paired devices, cold (their secrets are checked with
 * SHA-256). Meanwhile an observer already connected takes every cue of every zone (received before
 * its instant or not), and /health is read every 100 ms.
 */
final class StormScenario {
    private static final String PASSWORD = "storm-device-password";

    private StormScenario() {
    }

    record Wave(List<Double> backMs, int refusals, int failed, double lastBackMs) {
    }

    static void run(Report report, int zones, int devices) throws Exception {
        Path dir = Bench.configWithZones(Bench.configDir(), zones);
        // one hash for all: the engine still runs PBKDF2 once per device login (its cache is per login)
        String hash = PasswordHash.hash(PASSWORD);
        StringBuilder yaml = new StringBuilder("devices:\n");
        for (int i = 0; i < devices; i++) {
            yaml.append("  - id: \"").append(deviceId(i)).append("\"\n    role: \"display\"\n    zone: \"")
                    .append(Bench.zoneId(i % zones)).append("\"\n    hash: \"").append(hash).append("\"\n");
        }
        Files.writeString(dir.resolve("devices.yaml"), yaml.toString());
        try (EngineFixture engine = EngineFixture.embedded("--config-dir=" + dir, Bench.BULK_COMMANDS[0],
                Bench.BULK_COMMANDS[1])) {
            LatenessScenario.CueSink sink = new LatenessScenario.CueSink(ZoneServices.cueAdvanceFor(
                    engine.engine.settings().engine().session().leadMs()));
            MqttAsyncClient sub = LatenessScenario.subscriber(engine.brokerUrl, engine.logins().observer(),
                    "limber/v1/zones/+/cue", sink);
            int failedStarts = 0;
            for (int i = 0; i < zones; i++) {
                failedStarts += Bench.post(engine.api() + "/api/zones/" + Bench.zoneId(i) + "/session",
                        "{\"routineId\":\"post-workout-cooldown\",\"holdSeconds\":20}").status() == 201 ? 0 : 1;
            }
            Bench.parkUntil(Bench.trueMs() + 2_000);
            HealthWatch health = new HealthWatch(engine.api());
            health.start();
            sink.recording = true;
            double w0 = Bench.trueMs();
            List<Socket> cold = new ArrayList<>();
            List<String[]> configured = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                configured.add(new String[] {deviceId(i), PASSWORD});
            }
            Wave first = wave(engine.mqttPort, configured, zones, cold);
            Bench.parkUntil(Bench.trueMs() + 2_000);
            closeAll(cold); // the Wi-Fi blip: every storm device drops at once
            Bench.parkUntil(Bench.trueMs() + 500);
            List<Socket> warm = new ArrayList<>();
            Wave blip = wave(engine.mqttPort, configured, zones, warm);
            Bench.parkUntil(Bench.trueMs() + 2_000);
            closeAll(warm);
            List<String[]> paired = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                DeviceLogin login = engine.device("paired-" + i, "display", Bench.zoneId(i % zones));
                paired.add(new String[] {login.username(), login.password()});
            }
            Bench.parkUntil(Bench.trueMs() + 1_000);
            Wave pairedWave = wave(engine.mqttPort, paired, zones, warm);
            Bench.parkUntil(Bench.trueMs() + 2_000);
            sink.recording = false;
            double w1 = Bench.trueMs();
            health.stop();
            closeAll(warm);
            sub.disconnect().waitForCompletion(5_000);
            sub.close();
            List<LatenessScenario.Cue> cues;
            synchronized (sink.cues) {
                cues = new ArrayList<>(sink.cues);
            }
            double before = LatenessScenario.beforeInstantPct(cues);
            Map<String, Object> d = report.details("storm");
            d.put("zones", zones);
            d.put("devices", devices);
            d.put("session_starts_failed", failedStarts);
            d.put("window_ms", Bench.round(w1 - w0));
            d.put("cues_received", cues.size());
            d.put("cues_before_instant_pct", before);
            d.put("health_reads", health.reads.get());
            d.put("health_not_up", health.notUp.get());
            d.put("health_first_not_up", health.firstNotUp);
            d.put("cold", waveJson(first));
            d.put("blip", waveJson(blip));
            d.put("paired_cold", waveJson(pairedWave));
            report.add("storm", "cues before their instant during both storms", before, "%", "= 100", before == 100.0);
            report.add("storm", "cold: all " + devices + " back (PBKDF2 each)", first.lastBackMs(), "ms", "<= 5000",
                    first.failed() == 0 && first.lastBackMs() <= 5_000);
            report.info("storm", "cold: back p50", Bench.Summary.of(first.backMs()).p50(), "ms");
            report.info("storm", "cold: refusals (busy, retried)", first.refusals(), "count");
            report.add("storm", "blip: all " + devices + " back (cached logins)", blip.lastBackMs(), "ms", "<= 5000",
                    blip.failed() == 0 && blip.lastBackMs() <= 5_000);
            report.add("storm", "paired: all " + devices + " back (first login, SHA-256)", pairedWave.lastBackMs(), "ms",
                    "<= 5000", pairedWave.failed() == 0 && pairedWave.lastBackMs() <= 5_000);
            report.add("storm", "/health not UP during the storms", health.notUp.get(), "reads", "0",
                    health.notUp.get() == 0);
        }
    }

    private static Map<String, Object> waveJson(Wave w) {
        return Map.of("back_ms", Bench.Summary.of(w.backMs()).json(), "refusals_retried", w.refusals(),
                "never_back", w.failed(), "last_back_ms", Bench.round(w.lastBackMs()));
    }

    static String deviceId(int i) {
        return String.format("storm-%04d", i);
    }

    /** All devices ({user, password}) connect within one second (device i at i/n s); returns when all are back or gave up. */
    private static Wave wave(int port, List<String[]> logins, int zones, List<Socket> keep) throws InterruptedException {
        int devices = logins.size();
        double t0 = Bench.trueMs() + 200;
        List<Double> back = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger refusals = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            int di = i;
            Thread t = new Thread(() -> {
                double start = t0 + 1000.0 * di / devices;
                Bench.parkUntil(start);
                while (Bench.trueMs() - start < 60_000) {
                    try {
                        Socket s = backOnline(port, logins.get(di), Topics.cue(Bench.zoneId(di % zones)));
                        if (s != null) {
                            back.add(Bench.trueMs() - t0);
                            synchronized (keep) {
                                keep.add(s);
                            }
                            return;
                        }
                        refusals.incrementAndGet();
                    } catch (IOException e) {
                        refusals.incrementAndGet();
                    }
                    Bench.parkUntil(Bench.trueMs() + 500); // the pages' reconnect period (link.js)
                }
                failed.incrementAndGet();
            }, "storm-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(90_000);
        }
        double last = back.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return new Wave(new ArrayList<>(back), refusals.get(), failed.get(), last);
    }

    /** CONNECT, then SUBSCRIBE to the zone's cues; the open socket once SUBACK came, null if refused. */
    private static Socket backOnline(int port, String[] login, String topic) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(20_000);
            s.getOutputStream().write(RawClients.connect(login[0], login[0], login[1]));
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] connack = new byte[4];
            in.readFully(connack);
            if (connack[3] != 0) {
                s.close();
                return null;
            }
            s.getOutputStream().write(RawClients.subscribe(topic, 1));
            while ((in.readUnsignedByte() & 0xF0) != 0x90) { // retained messages may come first
                in.skipNBytes(RawClients.remainingLength(in));
            }
            in.skipNBytes(RawClients.remainingLength(in));
            drain(s);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Reads and drops what the broker sends from now on, so the socket never backs up. */
    private static void drain(Socket s) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try (InputStream in = s.getInputStream()) {
                s.setSoTimeout(0);
                while (in.read(buf) >= 0) {
                    // discard
                }
            } catch (IOException closed) {
                // the socket was closed by the blip or the end of the run
            }
        }, "storm-drain");
        t.setDaemon(true);
        t.start();
    }

    private static void closeAll(List<Socket> sockets) {
        synchronized (sockets) {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            sockets.clear();
        }
    }

    /** Reads /health every 100 ms on its own thread. */
    static final class HealthWatch {
        private final String api;
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger notUp = new AtomicInteger();
        volatile String firstNotUp;
        private volatile boolean running = true;
        private Thread thread;

        HealthWatch(String api) {
            this.api = api;
        }

        void start() {
            thread = new Thread(() -> {
                while (running) {
                    double next = Bench.trueMs() + 100;
                    reads.incrementAndGet();
                    Bench.Response r = Bench.get(api + "/health");
                    if (r.status() != 200) {
                        notUp.incrementAndGet();
                        if (firstNotUp == null) {
                            firstNotUp = r.status() + " " + r.body();
                        }
                    }
                    Bench.parkUntil(next);
                }
            }, "storm-health");
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(5_000);
        }
    }
}
