package limber.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import limber.protocol.Topics;
import limber.testing.DeviceLogin;
import limber.testing.EngineFixture;
import limber.testing.MosquittoBroker;
import limber.testing.RawClients;

/**
 * Issue 14 item 3, the floor's burst on shipped limits: {@code watches} watches, each with its own
 * connection (and, on the embedded broker, its own login), each sends {@code each} QoS 1 "done"
 * events within one second (round k of every watch at k/each s). Timed from the first event sent to
 * the last one journaled (the accepted counter moves only after the journal commit); the session's
 * history must then hold exactly watches x each. On the embedded broker and on a tuned Mosquitto.
 */
final class FloorBurstScenario {
    private FloorBurstScenario() {
    }

    static void run(Report report, int watches, int each) throws Exception {
        try (EngineFixture engine = EngineFixture.embedded(Bench.BULK_COMMANDS)) {
            burst(report, "burst/embedded", engine, watches, each);
        }
        // The test Mosquitto admits anyone: logins are checked at connect, before the burst, and
        // DynsecPairingIT covers them; what is timed here is the event path.
        try (MosquittoBroker mosquitto = new MosquittoBroker(IngestScenario.MOSQUITTO_TUNING);
             EngineFixture engine = EngineFixture.external(mosquitto.url(), Bench.BULK_COMMANDS)) {
            burst(report, "burst/mosquitto", engine, watches, each);
        }
    }

    private static void burst(Report report, String name, EngineFixture engine, int watches, int each)
            throws Exception {
        Bench.Response started = Bench.post(engine.api() + "/api/zones/main-floor/session",
                "{\"routineId\":\"post-workout-cooldown\",\"holdSeconds\":60,\"reps\":4}");
        if (started.status() != 201) {
            throw new IllegalStateException("start: " + started.status() + " " + started.body());
        }
        String sessionId = started.json().get("sessionId").asText();
        Bench.parkUntil(started.json().get("effectiveAt").asDouble() + 50); // a done counts once its step runs
        URI broker = URI.create(engine.brokerUrl);
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int w = 0; w < watches; w++) {
                DeviceLogin login = engine.device("burst-" + w, "watch", "main-floor");
                Socket s = new Socket();
                s.connect(new InetSocketAddress(broker.getHost(), broker.getPort()), 5_000);
                s.setSoTimeout(10_000);
                s.getOutputStream().write(RawClients.connect(login.username(), login.username(), login.password()));
                byte[] connack = new byte[4];
                new DataInputStream(s.getInputStream()).readFully(connack);
                if (connack[3] != 0) {
                    throw new IllegalStateException("watch " + w + " refused: " + connack[3]);
                }
                sockets.add(s);
            }
            Bench.Scrape s0 = Bench.Scrape.of(engine.api());
            double acc0 = s0.sum("limber_device_events_accepted_total");
            double rej0 = s0.sum("limber_device_messages_rejected_total");
            double t0 = Bench.trueMs() + 100;
            for (int k = 0; k < each; k++) {
                Bench.parkUntil(t0 + 1000.0 * k / each);
                for (int w = 0; w < watches; w++) {
                    String body = "{\"eventId\":\"b" + w + "-" + k + "\",\"type\":\"done\",\"zone\":\"main-floor\","
                            + "\"sessionId\":\"" + sessionId + "\",\"stepIndex\":0}";
                    OutputStream out = sockets.get(w).getOutputStream();
                    out.write(RawClients.publishQos1(Topics.deviceEvents("burst-" + w),
                            body.getBytes(StandardCharsets.UTF_8), k + 1));
                }
            }
            double sentMs = Bench.trueMs() - t0;
            long total = (long) watches * each;
            double journaledMs = Double.NaN;
            double acc = 0;
            double rej = 0;
            while (Bench.trueMs() - t0 < 60_000) {
                Bench.Scrape s = Bench.Scrape.of(engine.api());
                acc = s.sum("limber_device_events_accepted_total") - acc0;
                rej = s.sum("limber_device_messages_rejected_total") - rej0;
                if (acc >= total) {
                    journaledMs = Bench.trueMs() - t0;
                    break;
                }
                Bench.parkUntil(Bench.trueMs() + 10);
            }
            int stored = Bench.get(engine.api() + "/api/history/sessions?zone=main-floor").json().get("sessions").get(0)
                    .get("done").asInt();
            Map<String, Object> d = report.details(name.replace('/', '-'));
            d.put("watches", watches);
            d.put("events_per_watch", each);
            d.put("sent_ms", Bench.round(sentMs));
            d.put("journaled_ms", Bench.round(journaledMs));
            d.put("accepted", acc);
            d.put("rejected", rej);
            d.put("stored_in_history", stored);
            report.add(name, "all " + total + " journaled after", journaledMs, "ms", "<= 1500", journaledMs <= 1500);
            report.add(name, "stored exactly once", stored, "count", "= " + total, stored == total);
            report.info(name, "refused (rate limit, busy)", rej, "count");
            report.info(name, "send time", sentMs, "ms");
        } finally {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            Bench.post(engine.api() + "/api/zones/main-floor/session/stop", "");
        }
    }
}
