package limber.tools;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import limber.protocol.Topics;
import limber.protocol.Wire;

/**
 * Joins a zone as N simulated watches over MQTT and reports a done event for every step, the way a
 * class of participants would. Each watch is its own MQTT connection with a retained status and a
 * last will, joins with a join event, and sends each done with a fresh eventId (QoS 1, kept until
 * acknowledged and re-sent after a reconnect, so the engine's count is exact).
 *
 * <p>When a watch reports: {@code --report=end} (default) once the step's last hold ends (a skipped
 * step gets no done); {@code --report=start} a moment after each step starts (quick tests and load
 * runs). Each report is delayed by a random 0..{@code --jitter-ms} per watch.
 *
 * <pre>
 * scripts/watch-sim.sh --url=tcp://127.0.0.1:1884 --zone=main-floor --watches=25
 * </pre>
 */
public final class WatchSimulator implements AutoCloseable {

    public enum Report { END, START }

    public record Options(String url, String zone, int watches, String prefix, Report report, long jitterMs) {
        public Options {
            if (watches < 1 || watches > 5000) {
                throw new IllegalArgumentException("--watches must be 1..5000, got " + watches);
            }
            if (!limber.protocol.DeviceEventParser.ID.matcher(prefix + "-" + watches).matches()) {
                throw new IllegalArgumentException("--prefix must be a short id ([A-Za-z0-9._:-]), got " + prefix);
            }
            if (jitterMs < 0) {
                throw new IllegalArgumentException("--jitter-ms must be >= 0, got " + jitterMs);
            }
        }

        static Options parse(String[] args) {
            Map<String, String> m = new java.util.HashMap<>();
            for (String a : args) {
                if (a.equals("--help") || a.equals("-h")) {
                    throw new IllegalArgumentException("usage");
                }
                int eq = a.indexOf('=');
                if (!a.startsWith("--") || eq < 0) {
                    throw new IllegalArgumentException("expected --name=value, got " + a);
                }
                m.put(a.substring(2, eq), a.substring(eq + 1));
            }
            Options o = new Options(m.getOrDefault("url", "tcp://127.0.0.1:1884"), m.getOrDefault("zone", "main-floor"),
                    Integer.parseInt(m.getOrDefault("watches", "10")), m.getOrDefault("prefix", "sim-watch"),
                    Report.valueOf(m.getOrDefault("report", "end").toUpperCase(Locale.ROOT)),
                    Long.parseLong(m.getOrDefault("jitter-ms", "500")));
            m.keySet().removeAll(List.of("url", "zone", "watches", "prefix", "report", "jitter-ms"));
            if (!m.isEmpty()) {
                throw new IllegalArgumentException("unknown option(s): " + m.keySet());
            }
            return o;
        }
    }

    private final Options options;
    private final List<Watch> watches = new ArrayList<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "watch-sim-timer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<JsonNode> session = new AtomicReference<>();
    private final Map<String, Boolean> reported = new ConcurrentHashMap<>(); // sessionId:step
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();

    public WatchSimulator(Options options) {
        this.options = options;
    }

    /** Connects every watch (blocking, bounded) and starts listening to the zone. */
    public WatchSimulator start() throws MqttException {
        for (int i = 1; i <= options.watches(); i++) {
            Watch w = new Watch(options.prefix() + "-" + i);
            w.connect(i == 1);
            watches.add(w);
        }
        return this;
    }

    public long sent() {
        return sent.get();
    }

    public long acked() {
        return acked.get();
    }

    public long resent() {
        return resent.get();
    }

    public List<String> deviceIds() {
        return watches.stream().map(w -> w.id).toList();
    }

    /** Messages of the first watch drive everyone (one subscriber is enough to know the timeline). */
    private void onMessage(String topic, byte[] payload) {
        JsonNode n;
        try {
            n = Wire.JSON.readTree(payload);
        } catch (Exception e) {
            return;
        }
        if (topic.endsWith("/session")) {
            JsonNode cur = session.get();
            if (n.path("sessionId").isTextual() && (cur == null || !cur.path("sessionId").equals(n.path("sessionId"))
                    || n.path("revision").asLong() >= cur.path("revision").asLong())) {
                session.set(n);
            }
            return;
        }
        JsonNode s = session.get();
        String kind = n.path("kind").asText();
        String sessionId = n.path("sessionId").asText();
        if (s == null || !sessionId.equals(s.path("sessionId").asText())) {
            return;
        }
        int step = n.path("stepIndex").asInt();
        boolean due = switch (options.report()) {
            case START -> kind.equals("step_start");
            case END -> kind.equals("hold_end") && n.path("phaseIndex").asInt() == s.path("steps").path(step).path("lastPhase").asInt();
        };
        if (due && reported.putIfAbsent(sessionId + ":" + step, Boolean.TRUE) == null) {
            // a cue arrives ahead of its instant: report after the instant plus each watch's jitter
            long lead = Math.max(0, n.path("at").asLong() - n.path("serverTime").asLong());
            for (Watch w : watches) {
                long delay = lead + (options.jitterMs() == 0 ? 0 : ThreadLocalRandom.current().nextLong(options.jitterMs() + 1));
                timers.schedule(() -> w.event("done", sessionId, step), delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
        for (Watch w : watches) {
            w.close();
        }
    }

    /** One simulated watch: its own connection, presence and at-least-once event queue. */
    private final class Watch {
        final String id;
        final MqttAsyncClient client;
        final Map<String, byte[]> pending = new ConcurrentHashMap<>(); // eventId -> payload
        final AtomicLong seq = new AtomicLong();

        Watch(String id) throws MqttException {
            this.id = id;
            this.client = new MqttAsyncClient(options.url(), "sim-" + UUID.randomUUID().toString().substring(0, 12),
                    new MemoryPersistence());
        }

        void connect(boolean listener) throws MqttException {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setAutomaticReconnect(true);
            o.setKeepAliveInterval(20);
            o.setMaxInflight(1000);
            o.setConnectionTimeout(10);
            o.setWill(Topics.deviceStatus(id), status("offline"), 1, true);
            // a broker that requires logins: every simulated watch <prefix>-<n> is a devices.yaml
            // entry sharing this password
            String key = System.getenv("WATCH_SIM_KEY");
            if (key != null && !key.isEmpty()) {
                o.setUserName(id);
                o.setPassword(key.toCharArray());
            }
            client.setCallback(new MqttCallbackExtended() {
                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                    publish(Topics.deviceStatus(id), status("online"), true, null);
                    if (reconnect) {
                        pending.forEach((eventId, payload) -> {
                            resent.incrementAndGet();
                            publish(Topics.deviceEvents(id), payload, false, eventId);
                        });
                    }
                    if (listener) {
                        subscribe();
                    }
                }

                @Override
                public void connectionLost(Throwable cause) {
                    // automatic reconnect; pending events are re-sent in connectComplete
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    onMessage(topic, message.getPayload());
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                    // acknowledgements are handled per publish
                }
            });
            client.connect(o).waitForCompletion(15_000);
            event("join", null, -1);
        }

        void subscribe() {
            try {
                client.subscribe(new String[] {Topics.session(options.zone()), Topics.cue(options.zone())}, new int[] {1, 1});
            } catch (MqttException e) {
                System.err.println(id + ": cannot subscribe: " + e.getMessage());
            }
        }

        byte[] status(String state) {
            ObjectNode n = Wire.JSON.createObjectNode();
            n.put("state", state);
            n.put("kind", "watch");
            n.put("zone", options.zone());
            return Wire.bytes(n);
        }

        void event(String type, String sessionId, int step) {
            String eventId = Long.toString(System.currentTimeMillis(), 36) + "-"
                    + UUID.randomUUID().toString().substring(0, 8) + "-" + seq.incrementAndGet();
            ObjectNode n = Wire.JSON.createObjectNode();
            n.put("eventId", eventId);
            n.put("type", type);
            n.put("zone", options.zone());
            if (sessionId != null) {
                n.put("sessionId", sessionId);
                n.put("stepIndex", step);
            }
            byte[] payload = Wire.bytes(n);
            pending.put(eventId, payload);
            if (!type.equals("join")) {
                sent.incrementAndGet();
            }
            publish(Topics.deviceEvents(id), payload, false, eventId);
        }

        void publish(String topic, byte[] payload, boolean retained, String eventId) {
            if (!client.isConnected()) {
                return; // re-sent from pending after the reconnect
            }
            try {
                client.publish(topic, payload, 1, retained, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        if (eventId != null && pending.remove(eventId) != null && !new String(payload,
                                StandardCharsets.UTF_8).contains("\"type\":\"join\"")) {
                            acked.incrementAndGet();
                        }
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable exception) {
                        // stays pending
                    }
                });
            } catch (MqttException e) {
                // not connected or too many in flight: stays pending, re-sent after the reconnect
            }
        }

        void close() {
            try {
                if (client.isConnected()) {
                    client.publish(Topics.deviceStatus(id), status("offline"), 1, true).waitForCompletion(2_000);
                    client.disconnect(1_000).waitForCompletion(2_000);
                }
                client.close();
            } catch (MqttException e) {
                // shutting down anyway
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println((e.getMessage().equals("usage") ? "" : e.getMessage() + "\n")
                    + "usage: watch-sim [--url=tcp://127.0.0.1:1884] [--zone=main-floor] [--watches=10]"
                    + " [--prefix=sim-watch] [--report=end|start] [--jitter-ms=500]");
            System.exit(2);
            return;
        }
        WatchSimulator sim = new WatchSimulator(o).start();
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "watch-sim-shutdown"));
        System.out.printf("%d watches joined %s via %s; reporting done at the %s of each step%n", o.watches(),
                o.zone(), o.url(), o.report() == Report.END ? "end" : "start");
        while (true) {
            Thread.sleep(5_000); // a status line for people watching the terminal; not a test
            System.out.printf("done events: %d sent, %d acknowledged, %d re-sent after reconnects%n",
                    sim.sent(), sim.acked(), sim.resent());
        }
    }
}
