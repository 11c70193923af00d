package limber.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

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
import limber.protocol.Topics;
import limber.testing.DeviceLogin;
import limber.testing.EngineFixture;
import limber.testing.FreePorts;
import limber.testing.MosquittoBroker;
import limber.testing.PahoOptions;

/**
 * Scenario 4: {@code watches} simulated watches (one Paho connection each) send {@code perWatch} QoS 1
 * "done" events each, paced evenly over {@code spreadMs}. Every event has a unique eventId, so the
 * engine must accept exactly watches x perWatch: accepted = limber_device_events_accepted_total delta,
 * duplicates = rejected{reason=duplicate} delta (QoS 1 redeliveries the engine caught), lost = sent -
 * accepted - other rejections. Counted = the accepted counter (the engine has no journal yet).
 */
final class IngestScenario {
    record Outcome(long sent, long pubacked, double accepted, double duplicates, double otherRejected, double lost,
                   double countedAfterMs, double sendMs, boolean progressComplete, Map<String, Object> details) {
    }

    static final String MOSQUITTO_TUNING = "max_queued_messages 1000000\nmax_queued_bytes 0\nmax_inflight_messages 0\n"
            + "max_inflight_bytes 0\nset_tcp_nodelay true\n";

    static Outcome run(EngineFixture engine, String zone, int watches, int perWatch, long spreadMs, long timeoutMs)
            throws Exception {
        Bench.Response started = Bench.post(engine.api() + "/api/zones/" + zone + "/session",
                "{\"routineId\":\"post-workout-cooldown\"}");
        if (started.status() != 201) {
            throw new IllegalStateException("start: " + started.status() + " " + started.body());
        }
        JsonNode st = started.json();
        String sessionId = st.get("sessionId").asText();
        // a done counts only once its step has started: the burst begins after the session does
        long effectiveAt = st.get("effectiveAt").asLong();
        AtomicReference<JsonNode> progress = new AtomicReference<>();
        MqttAsyncClient progressSub = LatenessScenario.subscriber(engine.brokerUrl, engine.logins().observer(),
                Topics.progress(zone), new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage m) throws Exception {
                JsonNode n = Bench.JSON.readTree(m.getPayload());
                if (sessionId.equals(n.path("sessionId").asText())) {
                    progress.set(n);
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        AtomicLong pubacks = new AtomicLong();
        AtomicLong lostConnections = new AtomicLong();
        List<MqttAsyncClient> clients = new ArrayList<>();
        String run = Long.toString(System.nanoTime(), 36);
        for (int w = 0; w < watches; w++) {
            MqttAsyncClient c = new MqttAsyncClient(engine.brokerUrl, "bench-watch-" + run + "-" + w, new MemoryPersistence());
            c.setCallback(new MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage m) {
                }

                @Override
                public void connectionLost(Throwable cause) {
                    lostConnections.incrementAndGet();
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                    pubacks.incrementAndGet();
                }
            });
            MqttConnectOptions o = PahoOptions.v311();
            o.setCleanSession(true);
            o.setMaxInflight(1000);
            o.setKeepAliveInterval(30);
            DeviceLogin login = engine.device(watchId(run, w), "watch", zone); // each watch logs in as itself
            o.setUserName(login.username());
            o.setPassword(login.password().toCharArray());
            c.connect(o).waitForCompletion(10_000);
            clients.add(c);
        }
        Bench.Scrape s0 = Bench.Scrape.of(engine.api());
        double acc0 = s0.sum("limber_device_events_accepted_total");
        double dup0 = s0.sum("limber_device_messages_rejected_total", "reason=\"duplicate\"");
        double rej0 = s0.sum("limber_device_messages_rejected_total");
        long total = (long) watches * perWatch;
        AtomicLong sent = new AtomicLong();
        AtomicLong inflightStalls = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        double t0 = Math.max(Bench.trueMs() + 200, effectiveAt + 50);
        List<Thread> senders = new ArrayList<>();
        for (int w = 0; w < watches; w++) {
            int wi = w;
            MqttAsyncClient c = clients.get(w);
            String deviceId = watchId(run, w);
            String topic = Topics.deviceEvents(deviceId);
            Thread t = new Thread(() -> {
                for (int k = 0; k < perWatch; k++) {
                    Bench.parkUntil(t0 + (double) spreadMs * k / perWatch + (double) spreadMs * wi / perWatch / watches);
                    String body = "{\"eventId\":\"e" + k + "\",\"type\":\"done\",\"zone\":\"" + zone + "\",\"sessionId\":\""
                            + sessionId + "\",\"stepIndex\":0}";
                    byte[] payload = body.getBytes(StandardCharsets.UTF_8);
                    while (true) {
                        try {
                            c.publish(topic, payload, 1, false);
                            sent.incrementAndGet();
                            break;
                        } catch (MqttException e) {
                            if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                                inflightStalls.incrementAndGet();
                                Bench.parkUntil(Bench.trueMs() + 1); // the watch waits for its window, it never drops
                            } else {
                                errors.incrementAndGet();
                                Bench.parkUntil(Bench.trueMs() + 50);
                                if (!c.isConnected() && Bench.trueMs() - t0 > timeoutMs) {
                                    return;
                                }
                            }
                        }
                    }
                }
            }, "bench-watch-" + w);
            senders.add(t);
            t.start();
        }
        for (Thread t : senders) {
            t.join(timeoutMs);
        }
        double sendMs = Bench.trueMs() - t0;
        double counted = Double.NaN;
        double deadline = t0 + timeoutMs;
        double acc = 0;
        double dup = 0;
        double rej = 0;
        double lastChange = Bench.trueMs();
        double lastAcc = -1;
        while (Bench.trueMs() < deadline) {
            Bench.Scrape s = Bench.Scrape.of(engine.api());
            acc = s.sum("limber_device_events_accepted_total") - acc0;
            dup = s.sum("limber_device_messages_rejected_total", "reason=\"duplicate\"") - dup0;
            rej = s.sum("limber_device_messages_rejected_total") - rej0;
            if (acc + rej >= total && Double.isNaN(counted)) {
                counted = Bench.trueMs() - t0;
            }
            if (acc != lastAcc) {
                lastAcc = acc;
                lastChange = Bench.trueMs();
            }
            if (!Double.isNaN(counted) && pubacks.get() >= sent.get()) {
                break;
            }
            if (Bench.trueMs() - lastChange > (pubacks.get() >= sent.get() ? 5_000 : 10_000)) {
                break; // nothing more is coming (events the broker never acknowledged stay lost)
            }
            Bench.parkUntil(Bench.trueMs() + 20);
        }
        double progressDeadline = Bench.trueMs() + 3_000;
        boolean progressComplete = false;
        while (Bench.trueMs() < progressDeadline) {
            JsonNode p = progress.get();
            if (p != null) {
                progressComplete = p.get("steps").get(0).get("done").asInt() >= watches;
                if (progressComplete) {
                    break;
                }
            }
            Bench.parkUntil(Bench.trueMs() + 20);
        }
        for (MqttAsyncClient c : clients) {
            try {
                c.disconnect().waitForCompletion(2_000);
                c.close();
            } catch (MqttException e) {
                // closing anyway
            }
        }
        progressSub.disconnect().waitForCompletion(2_000);
        progressSub.close();
        Bench.post(engine.api() + "/api/zones/" + zone + "/session/stop", "");
        double otherRejected = rej - dup;
        double lost = total - acc - otherRejected;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("watches", watches);
        d.put("events_per_watch", perWatch);
        d.put("spread_ms", spreadMs);
        d.put("events", total);
        d.put("published", sent.get());
        d.put("pubacks", pubacks.get());
        d.put("accepted", acc);
        d.put("duplicates_rejected", dup);
        d.put("other_rejected", otherRejected);
        d.put("lost", lost);
        d.put("send_ms", Bench.round(sendMs));
        d.put("all_counted_ms", Bench.round(counted));
        d.put("inflight_window_stalls", inflightStalls.get());
        d.put("publish_errors", errors.get());
        d.put("watch_connections_lost", lostConnections.get());
        d.put("progress_all_steps_done_by_every_watch", progressComplete);
        JsonNode p = progress.get();
        d.put("last_progress", p == null ? null : p.toString());
        return new Outcome(total, pubacks.get(), acc, dup, otherRejected, lost, counted, sendMs, progressComplete, d);
    }

    private static String watchId(String run, int w) {
        return "bw" + run + "-" + w;
    }

    static void run(Report report, int watches, int perWatch) throws Exception {
        try (EngineFixture engine = EngineFixture.embedded(Bench.BULK_DEVICES)) {
            Outcome o = run(engine, "main-floor", watches, perWatch, 1_000, 60_000);
            record(report, "ingest-embedded", o);
        }
        try (MosquittoBroker mosquitto = new MosquittoBroker(MOSQUITTO_TUNING);
             EngineFixture engine = EngineFixture.external(mosquitto.url(), Bench.BULK_DEVICES)) {
            Outcome o = run(engine, "main-floor", watches, perWatch, 1_000, 60_000);
            o.details().put("mosquitto_config_extra", MOSQUITTO_TUNING);
            record(report, "ingest-mosquitto", o);
        }
    }

    /**
     * Evidence run: the same flood through a stand-alone Moquette 0.17 with its default
     * session_queue_size (1024) instead of the engine's 65,536, the engine attached as an external client.
     */
    static void runMoquetteDefaults(Report report, int watches, int perWatch) throws Exception {
        EmbeddedBroker broker = new EmbeddedBroker();
        int port = FreePorts.next();
        broker.start(new EmbeddedBroker.Settings("127.0.0.1", port, FreePorts.next(),
                "/mqtt", 1024, null, new SimpleMeterRegistry(), 1_000_000, 1_000_000)); // no device limits: a baseline of the broker itself
        try (EngineFixture engine = EngineFixture.external("tcp://127.0.0.1:" + port, Bench.BULK_DEVICES)) {
            Outcome o = run(engine, "main-floor", watches, perWatch, 1_000, 60_000);
            o.details().put("note", "Moquette 0.17 with session_queue_size=1024 (its default); not what Limber ships");
            report.details("ingest-moquette-default-queue").putAll(o.details());
            report.info("ingest/moq-1024q", "events lost (Moquette default queue)", o.lost(), "count");
            report.info("ingest/moq-1024q", "time until all counted", o.countedAfterMs(), "ms");
        } finally {
            broker.stop();
        }
    }

    private static void record(Report report, String name, Outcome o) {
        report.details(name).putAll(o.details());
        String sc = name.replace("ingest-", "ingest/");
        report.add(sc, "events lost", o.lost(), "count", "0", o.lost() == 0);
        report.add(sc, "events accepted", o.accepted(), "count", "= " + o.sent(), o.accepted() == o.sent());
        report.info(sc, "duplicates caught (QoS1 redelivery)", o.duplicates(), "count");
        report.info(sc, "send time (publish calls)", o.sendMs(), "ms");
        report.info(sc, "time until all counted", o.countedAfterMs(), "ms");
        report.add(sc, "progress shows every watch on every step", o.progressComplete() ? 1 : 0, "bool", "1",
                o.progressComplete());
    }
}
