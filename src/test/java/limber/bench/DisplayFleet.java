package limber.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import limber.protocol.Topics;
import limber.session.PhaseView;
import limber.session.Session;
import limber.session.Timeline;
import limber.testing.ClockFilter;
import limber.testing.DeviceLogin;
import limber.testing.PahoOptions;
import limber.testing.PahoStart;
import limber.testing.SessionMessages;
import limber.testing.TestEngine;

/**
 * Simulated wall displays of one zone. What is real: each display has its own device id, its own
 * clock offset (uniform in +-maxOffset ms), its own NTP-style ping/pong over MQTT through the broker and
 * the engine, the pages' own offset filter ({@link ClockFilter}), and it computes {@link Timeline#phaseAt} from the retained
 * session message at its corrected clock (integer ms, like Date.now() in a page). Each display also has
 * its own broker login (made through the engine's admin API) and its own Paho connection, subscribed to
 * the session topic and its pong topic: a display's login may ping only as itself, so displays cannot
 * share a connection. What is multiplexed: one polling thread evaluates every display once per
 * millisecond (a page would evaluate once per animation frame, 16.7 ms). A transition is a change of
 * (status, phaseIndex); it is recorded at the true instant of the poll that first saw it.
 */
final class DisplayFleet implements AutoCloseable {
    /**
     * A transition as seen by one display: key = sessionId/status:phaseIndex#occurrence; at = true instant of
     * the 1 ms poll that saw it; exactAt = true instant its corrected clock crossed the transition (what a
     * display with an ideal renderer would show, free of the simulator's polling stalls).
     */
    record Seen(String key, double at, double exactAt) {
    }

    final class Display {
        final String id;
        final double offsetMs; // local clock = true + offsetMs
        final Conn conn;
        /** The pages' filter (the Java twin of clock.js); guarded by this, as are the pings in flight. */
        private final ClockFilter filter = new ClockFilter();
        private final Map<Long, Double> sent = new HashMap<>();
        volatile boolean synced;
        String lastKey;
        final Map<String, Integer> occurrences = new HashMap<>();
        final List<Seen> seen = new CopyOnWriteArrayList<>();

        Display(String id, double offsetMs, Conn conn) {
            this.id = id;
            this.offsetMs = offsetMs;
            this.conn = conn;
        }

        /** This display's own clock at true instant {@code trueMs}, with sub-millisecond resolution. */
        double local(double trueMs) {
            return trueMs + offsetMs;
        }

        /** Engine minus local clock as the display shows it at true instant {@code trueMs}. */
        synchronized double shownOffset(double trueMs) {
            return filter.offsetAt(local(trueMs));
        }

        /** Residual clock error after correction (ms): corrected clock minus true engine clock. */
        double residualMs() {
            double now = Bench.trueMs();
            return shownOffset(now) + offsetMs;
        }

        void ping() {
            double precise = local(Bench.trueMs());
            long t0;
            synchronized (this) {
                if (sent.size() > 256) {
                    sent.clear(); // pongs that never came
                }
                t0 = Math.round(precise);
                while (sent.containsKey(t0)) {
                    t0++;
                }
                sent.put(t0, precise);
            }
            conn.publish(Topics.ping(id), ("{\"t0\":" + t0 + "}").getBytes(StandardCharsets.UTF_8));
        }

        void pong(JsonNode n) {
            double t3 = local(Bench.trueMs());
            Long t1us = n.has("t1us") ? n.get("t1us").asLong() : null;
            Long t2us = n.has("t2us") ? n.get("t2us").asLong() : null;
            synchronized (this) {
                Double t0 = sent.remove(n.get("t0").asLong());
                if (t0 == null) {
                    return;
                }
                filter.add(t0, ClockFilter.stamp(n.get("t1").asLong(), t1us), ClockFilter.stamp(n.get("t2").asLong(), t2us), t3);
                synced = filter.converged();
            }
            pongs.incrementAndGet();
        }

        long lastCorrected;

        private String keyAt(Session s, long corrected) {
            if (s == null) {
                return "idle";
            }
            PhaseView v = Timeline.phaseAt(s, corrected);
            return s.id() + "/" + v.status().name().toLowerCase() + ":" + v.phaseIndex();
        }

        void poll() {
            Session s = conn.session;
            double now = Bench.trueMs();
            double est = shownOffset(now);
            long corrected = (long) Math.floor(now + offsetMs + est);
            String key = keyAt(s, corrected);
            if (!key.equals(lastKey)) {
                // arrival-driven states (no session yet, or the start anchor not reached) are not timeline
                // transitions: a page shows them when the message lands, so they are not judged for skew
                boolean timeline = !key.equals("idle") && !key.contains("/pending:");
                if (lastKey != null && recording && timeline) {
                    int occ = occurrences.merge(key, 1, Integer::sum);
                    // the first engine instant T in (lastCorrected, corrected] showing the new state: the corrected
                    // clock crossed T at true instant T - (offset + estimate); if the state already showed at
                    // lastCorrected, the change came with a message (it arrived after its effective instant)
                    double exact;
                    if (keyAt(s, lastCorrected).equals(key)) {
                        exact = now;
                        arrivalFlips.incrementAndGet();
                    } else {
                        long lo = lastCorrected;
                        long hi = corrected;
                        while (hi - lo > 1) {
                            long mid = (lo + hi) >>> 1;
                            if (keyAt(s, mid).equals(key)) {
                                hi = mid;
                            } else {
                                lo = mid;
                            }
                        }
                        exact = hi - (offsetMs + est);
                    }
                    seen.add(new Seen(key + "#" + occ, now, exact));
                }
                lastKey = key;
            }
            lastCorrected = corrected;
        }
    }

    /** One display's Paho connection, logged in as that display. */
    final class Conn implements MqttCallback {
        final MqttAsyncClient client;
        final Map<String, Display> byPongTopic = new HashMap<>();
        volatile Session session;
        volatile long revision = -1;
        volatile boolean gotMessage;

        Conn(String url, String clientId) throws MqttException {
            client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
            client.setCallback(this);
        }

        void publish(String topic, byte[] payload) {
            try {
                client.publish(topic, payload, 0, false);
            } catch (MqttException e) {
                publishErrors.incrementAndGet();
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage m) throws Exception {
            Display d = byPongTopic.get(topic);
            if (d != null) {
                d.pong(Bench.JSON.readTree(m.getPayload()));
                return;
            }
            JsonNode n = Bench.JSON.readTree(m.getPayload());
            long rev = n.path("revision").asLong(-1);
            if (rev < revision) {
                return; // order by revision, never by arrival or the retain flag
            }
            revision = rev;
            session = SessionMessages.parse(n);
            gotMessage = true;
            sessionMessages.incrementAndGet();
        }

        @Override
        public void connectionLost(Throwable cause) {
            connectionsLost.incrementAndGet();
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }

    final List<Display> displays = new ArrayList<>();
    final List<Conn> conns = new ArrayList<>();
    final AtomicLong pongs = new AtomicLong();
    final AtomicLong sessionMessages = new AtomicLong();
    final AtomicLong publishErrors = new AtomicLong();
    final AtomicLong connectionsLost = new AtomicLong();
    final AtomicLong arrivalFlips = new AtomicLong();
    private final String zone;
    private volatile boolean recording;
    private volatile boolean running = true;
    private Thread poller;
    private Thread resyncer;
    final AtomicLong polls = new AtomicLong();
    final AtomicLong connectRetries = new AtomicLong();
    final AtomicLong lateTicks = new AtomicLong(); // polling passes that started > 1 ms after their tick

    DisplayFleet(TestEngine engine, String zone, String prefix, int count, double maxOffsetMs, long seed)
            throws MqttException {
        this.zone = zone;
        Random rnd = new Random(seed);
        List<DeviceLogin> logins = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            logins.add(engine.device(prefix + "-" + i, "display", zone));
            Conn conn = new Conn(engine.brokerUrl(), prefix + "-conn-" + i);
            conns.add(conn);
            Display d = new Display(prefix + "-" + i, (rnd.nextDouble() * 2 - 1) * maxOffsetMs, conn);
            conn.byPongTopic.put(Topics.pong(d.id), d);
            displays.add(d);
        }
        for (int i = 0; i < count; i++) {
            Conn conn = conns.get(i);
            MqttConnectOptions o = PahoOptions.v311();
            o.setCleanSession(true);
            o.setMaxInflight(10_000);
            o.setKeepAliveInterval(30);
            o.setUserName(logins.get(i).username());
            o.setPassword(logins.get(i).password().toCharArray());
            List<String> filters = new ArrayList<>(conn.byPongTopic.keySet());
            filters.add(Topics.session(zone));
            int[] qos = new int[filters.size()];
            Arrays.fill(qos, 0);
            qos[qos.length - 1] = 1;
            connectRetries.addAndGet(PahoStart.connectAndSubscribe(conn.client, o, filters.toArray(String[]::new), qos));
        }
    }

    /**
     * Initial sync: {@code rounds} pings per display, displays spread over {@code spacingMs} per round (the
     * pages' burst is {@link ClockFilter#CONVERGE_SAMPLES} pings {@link ClockFilter#BURST_GAP_MS} apart).
     */
    void sync(int rounds, long spacingMs) {
        for (int r = 0; r < rounds; r++) {
            double roundStart = Bench.trueMs();
            for (int i = 0; i < displays.size(); i++) {
                Bench.parkUntil(roundStart + spacingMs * (double) i / displays.size());
                displays.get(i).ping();
            }
            Bench.parkUntil(roundStart + spacingMs);
        }
    }

    boolean allSynced() {
        return displays.stream().allMatch(d -> d.synced) && conns.stream().allMatch(c -> c.gotMessage);
    }

    /** Starts the 1 ms polling thread and a re-sync thread (one ping per display every {@code resyncMs}). */
    void startPolling(long resyncMs) {
        displays.forEach(Display::poll); // first state is not a transition
        recording = true;
        poller = new Thread(() -> {
            double tick = Math.ceil(Bench.trueMs());
            while (running) {
                tick += 1;
                Bench.parkUntil(tick);
                if (Bench.trueMs() - tick > 1) {
                    lateTicks.incrementAndGet();
                    tick = Math.floor(Bench.trueMs());
                }
                for (Display d : displays) {
                    d.poll();
                }
                polls.incrementAndGet();
            }
        }, "bench-display-poller-" + zone);
        poller.setDaemon(true);
        poller.setPriority(Thread.MAX_PRIORITY);
        poller.start();
        if (resyncMs > 0) {
            resyncer = new Thread(() -> {
                while (running) {
                    double start = Bench.trueMs();
                    for (int i = 0; i < displays.size() && running; i++) {
                        Bench.parkUntil(start + resyncMs * (double) i / displays.size());
                        displays.get(i).ping();
                    }
                    Bench.parkUntil(start + resyncMs);
                }
            }, "bench-display-resync-" + zone);
            resyncer.setDaemon(true);
            resyncer.start();
        }
    }

    /** Stops polling; transitions recorded so far stay. */
    void stopPolling() throws InterruptedException {
        running = false;
        if (poller != null) {
            poller.join(5_000);
        }
        if (resyncer != null) {
            resyncer.join(5_000);
        }
    }

    /** Per transition key: instants at which displays saw it (polled, or exact crossing). */
    Map<String, List<Double>> byTransition(boolean exact) {
        Map<String, List<Double>> out = new ConcurrentHashMap<>();
        for (Display d : displays) {
            for (Seen s : d.seen) {
                out.computeIfAbsent(s.key(), k -> new CopyOnWriteArrayList<>()).add(exact ? s.exactAt() : s.at());
            }
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        for (Conn c : conns) {
            try {
                if (c.client.isConnected()) {
                    c.client.disconnect(1000).waitForCompletion(2000);
                }
                c.client.close(true);
            } catch (MqttException e) {
                // closing anyway
            }
        }
    }

}
