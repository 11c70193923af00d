package limber.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.security.AccessRules;
import limber.testing.EngineFixture;
import limber.testing.FastConfig;
import limber.testing.MqttProbe;
import limber.testing.PairingRequest;

/**
 * The contract in docs/asyncapi.yaml against the real engine: a scenario makes the engine publish
 * every kind of message (idle and live session, every cue kind, progress, a pain alert with the
 * attention block, acks of every status, a pong, engine status), and every message it published must
 * validate against the payload schema of the channel whose address matches its topic; a topic no
 * channel declares fails the test. A second test checks each channel's {@code x-limber-access}
 * against the broker's {@link AccessRules}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AsyncApiConformanceIT {
    private static final Path DOC = Path.of("docs", "asyncapi.yaml");
    private static final String ZONE = "main-floor";
    private static final String OTHER_ZONE = "studio-b";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();



    private static AsyncApiContract contract;

    @BeforeAll
    static void loadContract() throws Exception {
        contract = AsyncApiContract.load(DOC);
    }

    // ------------------------------------------------------------------------------------------
    // the engine against the payload schemas
    // ------------------------------------------------------------------------------------------

    @Test
    void everyMessageTheEnginePublishesMatchesItsChannel() throws Exception {
        List<MqttProbe.Received> sent = new CopyOnWriteArrayList<>();
        List<MqttProbe.Received> all;
        try (EngineFixture fx = EngineFixture.embedded("--config-dir=" + FastConfig.dir());
             MqttProbe spy = fx.observer().subscribe("limber/v1/#");
             MqttProbe first = fx.connect("watch-1", "watch", ZONE);
             MqttProbe second = fx.connect("watch-2", "watch", ZONE)) {
            Api api = new Api(fx.api());
            Device watch1 = new Device(first, sent, "watch-1");
            Device watch2 = new Device(second, sent, "watch-2");

            // retained state from engine start
            await().atMost(WAIT).until(() -> spy.on(Topics.ENGINE_STATUS).stream()
                    .anyMatch(m -> m.json().path("state").asText().equals("online")));
            await().atMost(WAIT).until(() -> Stream.of(ZONE, OTHER_ZONE).allMatch(z -> spy.on(Topics.session(z)).stream()
                    .anyMatch(m -> m.json().path("status").asText().equals("idle"))));

            // clock sync and presence
            watch1.send(Topics.ping("watch-1"), "{\"t0\":" + System.currentTimeMillis() + "}", 0, false);
            await().atMost(WAIT).until(() -> !spy.on(Topics.pong("watch-1")).isEmpty());
            watch1.send(Topics.deviceStatus("watch-1"), "{\"state\":\"online\",\"kind\":\"watch\",\"zone\":\"" + ZONE + "\"}", 1, true);

            // a display paired at runtime: its assignment, and its presence as the broker sees it
            JsonNode paired = PairingRequest.pair(fx.api(), "display", ZONE, "Wall left");
            String displayId = paired.get("deviceId").asText();
            new MqttProbe(fx.brokerUrl, "page-" + displayId, displayId, paired.get("secret").asText()).close();
            await().atMost(WAIT).until(() -> spy.on(Topics.presence(displayId)).stream()
                    .anyMatch(m -> m.json().path("state").asText().equals("offline")));
            assertTrue(spy.on(Topics.assignment(displayId)).stream().anyMatch(m -> m.payload().contains("Wall left")));

            String sessionId = api.post("/api/zones/" + ZONE + "/session",
                    "{\"routineId\":\"beginner\",\"holdSeconds\":3,\"reps\":2}", 201).get("sessionId").asText();
            watch1.event("w1-1", "join", null, -1);
            awaitAck(spy, "watch-1", "w1-1");

            // a trainer extends the first hold, pauses and resumes
            await().atMost(WAIT).until(() -> !cues(spy, "hold_start").isEmpty());
            api.post("/api/zones/" + ZONE + "/session/extend", "{\"seconds\":1}", 200);
            long pausedAt = api.post("/api/zones/" + ZONE + "/session/pause", "", 200).get("effectiveAt").asLong();
            await().atMost(WAIT).until(() -> System.currentTimeMillis() > pausedAt + 100);
            api.post("/api/zones/" + ZONE + "/session/resume", "", 200);

            // device events: accepted, duplicate, rejected by the zone, refused by the parser
            watch1.event("w1-2", "done", sessionId, 0);
            watch1.event("w1-2", "done", sessionId, 0);
            watch1.event("w1-3", "done", "no-such-session", 0);
            watch1.event("w1-4", "skip", sessionId, 99);
            watch1.send(Topics.deviceEvents("watch-1"),
                    "{\"eventId\":\"w1-bad\",\"type\":\"done\",\"zone\":\"" + ZONE + "\",\"colour\":\"red\"}", 1, false);
            watch2.event("w2-1", "skip", sessionId, 0);
            for (String id : List.of("w1-2", "w1-3", "w1-4")) {
                awaitAck(spy, "watch-1", id);
            }
            awaitAck(spy, "watch-2", "w2-1");

            // the timeline runs on through warn, hold_end, switch_side and rest_start
            await().atMost(WAIT).until(() -> !cues(spy, "rest_start").isEmpty());

            // pain: alert, pause (default policy) and the attention block until the trainer acks it
            watch1.event("w1-5", "pain", sessionId, 0);
            await().atMost(WAIT).until(() -> !spy.on(Topics.alerts(ZONE)).isEmpty());
            await().atMost(WAIT).until(() -> latestSession(spy).has("attention"));
            api.post("/api/zones/" + ZONE + "/alerts/w1-5/ack", "", 200);
            await().atMost(WAIT).until(() -> !latestSession(spy).has("attention"));
            api.post("/api/zones/" + ZONE + "/session/resume", "", 200);

            api.post("/api/zones/" + ZONE + "/session/skip", "", 200);
            await().atMost(WAIT).until(() -> cues(spy, "step_start").stream().anyMatch(c -> c.path("stepIndex").asInt() == 1));
            watch1.event("w1-6", "leave", null, -1);
            awaitAck(spy, "watch-1", "w1-6");
            await().atMost(WAIT).until(() -> {
                List<MqttProbe.Received> p = spy.on(Topics.progress(ZONE));
                JsonNode step0 = p.isEmpty() ? null : p.get(p.size() - 1).json().path("steps").path(0);
                return step0 != null && step0.path("done").asInt() == 1 && step0.path("skipped").asInt() == 1
                        && step0.path("pain").asInt() == 1;
            });

            api.post("/api/zones/" + ZONE + "/session/stop", "", 200);
            await().atMost(WAIT).until(() -> !cues(spy, "session_end").isEmpty());
            await().atMost(WAIT).until(() -> latestSession(spy).path("anchors").size() > 0
                    && "stopped".equals(latestSession(spy).path("status").asText()));

            // the parser-refused event got its PUBACK but no ack: later events from the same device were answered
            assertTrue(acks(spy, "watch-1").stream().noneMatch(a -> a.path("eventId").asText().equals("w1-bad")),
                    "an event the parser refuses is not answered on the acks topic");
            all = List.copyOf(spy.received);
        }

        List<MqttProbe.Received> fromEngine = withoutOwn(all, sent);
        Map<String, Integer> perChannel = new TreeMap<>();
        Map<String, Integer> perSchema = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (MqttProbe.Received m : fromEngine) {
            List<AsyncApiContract.Channel> channels = contract.channelsFor(m.topic());
            if (channels.isEmpty()) {
                problems.add("topic " + m.topic() + " is not declared by any channel: " + clip(m.payload()));
                continue;
            }
            if (channels.size() > 1) {
                problems.add("topic " + m.topic() + " matches several channels: " + channels);
                continue;
            }
            AsyncApiContract.Channel ch = channels.get(0);
            Object payload;
            try {
                payload = new JsonObject(m.payload());
            } catch (RuntimeException e) {
                problems.add(ch.name() + " " + m.topic() + ": not a JSON object: " + clip(m.payload()));
                continue;
            }
            Map<String, String> failures = new LinkedHashMap<>();
            String matched = null;
            for (String schema : ch.schemas()) {
                OutputUnit result = contract.validator(schema).validate(payload);
                if (Boolean.TRUE.equals(result.getValid())) {
                    matched = schema;
                    break;
                }
                failures.put(schema, AsyncApiContract.describe(result));
            }
            if (matched == null) {
                problems.add(ch.name() + " " + m.topic() + ": " + clip(m.payload()) + "\n    " + failures);
            } else {
                perChannel.merge(ch.name(), 1, Integer::sum);
                perSchema.merge(matched, 1, Integer::sum);
            }
        }
        System.out.println("AsyncAPI conformance: " + fromEngine.size() + " engine messages, validated per channel "
                + perChannel + ", per schema " + perSchema);
        if (!problems.isEmpty()) {
            fail(problems.size() + " of " + fromEngine.size() + " engine messages break docs/asyncapi.yaml:\n  "
                    + String.join("\n  ", problems));
        }

        // the scenario really exercised the contract: every channel the engine sends on, every message
        for (String channel : contract.sendChannels()) {
            assertTrue(perChannel.getOrDefault(channel, 0) > 0, "the engine published nothing on channel " + channel);
        }
        for (String schema : List.of("IdleSessionMessage", "SessionMessage", "CueMessage", "ProgressMessage",
                "AlertMessage", "DeviceAck", "Pong", "EngineStatus")) {
            assertTrue(perSchema.getOrDefault(schema, 0) > 0, "no engine message validated as " + schema);
        }
        Set<String> cueKinds = fromEngine.stream().filter(m -> m.topic().equals(Topics.cue(ZONE)))
                .map(m -> m.json().path("kind").asText()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(contract.enumOf("CueMessage", "kind")), cueKinds, "every cue kind was published");
        Set<String> ackStatuses = fromEngine.stream().filter(m -> m.topic().endsWith("/acks"))
                .map(m -> m.json().path("status").asText()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(contract.enumOf("DeviceAck", "status")), ackStatuses, "acks of every status");
        assertTrue(fromEngine.stream().anyMatch(m -> m.topic().equals(Topics.session(ZONE)) && m.json().has("attention")),
                "a session message with the attention block");
        assertTrue(fromEngine.stream().anyMatch(m -> m.topic().equals(Topics.alerts(ZONE))
                && m.json().path("needsAck").asBoolean()), "an alert that needs an acknowledgement");
    }


    // ------------------------------------------------------------------------------------------
    // helpers
    // ------------------------------------------------------------------------------------------

    /** Everything received minus one copy of each message the test published itself. */
    private static List<MqttProbe.Received> withoutOwn(List<MqttProbe.Received> all, List<MqttProbe.Received> own) {
        List<MqttProbe.Received> left = new ArrayList<>(own);
        List<MqttProbe.Received> out = new ArrayList<>();
        for (MqttProbe.Received m : all) {
            Iterator<MqttProbe.Received> it = left.iterator();
            boolean mine = false;
            while (it.hasNext()) {
                MqttProbe.Received o = it.next();
                if (o.topic().equals(m.topic()) && o.payload().equals(m.payload())) {
                    it.remove();
                    mine = true;
                    break;
                }
            }
            if (!mine) {
                out.add(m);
            }
        }
        return out;
    }

    private static List<JsonNode> cues(MqttProbe spy, String kind) {
        return spy.on(Topics.cue(ZONE)).stream().map(MqttProbe.Received::json)
                .filter(j -> j.path("kind").asText().equals(kind)).toList();
    }

    private static List<JsonNode> acks(MqttProbe spy, String deviceId) {
        return spy.on(Topics.acks(deviceId)).stream().map(MqttProbe.Received::json).toList();
    }

    private static void awaitAck(MqttProbe spy, String deviceId, String eventId) {
        await().atMost(WAIT).until(() -> acks(spy, deviceId).stream()
                .anyMatch(a -> a.path("eventId").asText().equals(eventId)));
    }

    private static JsonNode latestSession(MqttProbe spy) {
        List<MqttProbe.Received> s = spy.on(Topics.session(ZONE));
        return s.isEmpty() ? JSON.createObjectNode() : s.get(s.size() - 1).json();
    }

    private static String clip(String payload) {
        return payload.length() <= 400 ? payload : payload.substring(0, 400) + "… (" + payload.length() + " chars)";
    }

    /** A device: publishes through its own logged-in client and remembers what it sent. */
    private record Device(MqttProbe client, List<MqttProbe.Received> sent, String id) {
        void send(String topic, String payload, int qos, boolean retained) throws Exception {
            sent.add(new MqttProbe.Received(topic, payload, System.currentTimeMillis()));
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retained);
        }

        void event(String eventId, String type, String sessionId, int step) throws Exception {
            ObjectNode n = JSON.createObjectNode().put("eventId", eventId).put("type", type).put("zone", ZONE);
            if (sessionId != null) {
                n.put("sessionId", sessionId);
            }
            if (step >= 0) {
                n.put("stepIndex", step);
            }
            send(Topics.deviceEvents(id), JSON.writeValueAsString(n), 1, false);
        }
    }

    /** Trainer HTTP calls with the fixture's admin login. */
    private static final class Api {
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;
        private final String auth = "Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + EngineFixture.TRAINER_PASSWORD).getBytes(StandardCharsets.UTF_8));

        Api(String base) {
            this.base = base;
        }

        JsonNode post(String path, String body, int expected) throws Exception {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("authorization", auth).header("content-type", "application/json")
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(expected, r.statusCode(), path + ": " + r.body());
            return JSON.readTree(r.body());
        }
    }
}
