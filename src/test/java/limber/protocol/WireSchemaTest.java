package limber.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import limber.config.ConfigLoader;
import limber.config.Settings;
import limber.routine.Plan;
import limber.routine.PlanCompiler;
import limber.session.CommandResult;
import limber.session.Cue;
import limber.session.CueSchedule;
import limber.session.Session;
import limber.session.SessionCommands;
import limber.session.Timeline;

/**
 * Every message the engine publishes, built by the wire module and checked against the payload
 * schema of its channel in docs/asyncapi.yaml, without a broker. The end-to-end conformance test
 * checks the same contract against a running engine.
 */
class WireSchemaTest {
    private static final long T0 = 1_800_000_000_000L;
    private static final String ZONE = "main-floor";
    private static AsyncApiContract contract;
    private static Settings settings;
    private static Plan plan;

    @BeforeAll
    static void load() throws Exception {
        contract = AsyncApiContract.load(Path.of("docs", "asyncapi.yaml"));
        settings = ConfigLoader.load(new String[0], Map.of());
        plan = new PlanCompiler(settings.catalog(), settings.holdPolicy()).compile(
                settings.catalog().routine("post-workout-cooldown").orElseThrow(),
                settings.holdPolicy().resolve(30, 2, false));
    }

    private static ObjectNode tree(byte[] message) {
        try {
            return (ObjectNode) Wire.JSON.readTree(message);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertConforms(String topic, ObjectNode message) {
        List<AsyncApiContract.Channel> channels = contract.channelsFor(topic);
        assertEquals(1, channels.size(), "exactly one channel for " + topic);
        StringBuilder why = new StringBuilder();
        for (String schema : channels.get(0).schemas()) {
            OutputUnit r = contract.validator(schema).validate(new JsonObject(message.toString()));
            if (r.getValid()) {
                return;
            }
            why.append(schema).append(": ").append(AsyncApiContract.describe(r)).append('\n');
        }
        throw new AssertionError(topic + " " + message + " matches none of its channel's messages:\n" + why);
    }

    private static Session started() {
        return new SessionCommands(300, 60_000).start(ZONE + "-1", ZONE, plan, 4, T0).session();
    }

    @Test
    void idleSession() {
        assertConforms(Topics.session(ZONE), Wire.idle(ZONE, "Main floor", 0, T0, settings.safety(), 0));
    }

    @Test
    void liveSessionInEveryStatusWithAndWithoutTheStopLine() {
        SessionCommands commands = new SessionCommands(300, 60_000);
        Session s = started();
        Session paused = ((CommandResult.Applied) commands.pause(s, T0 + 10_000)).session();
        Session stopped = ((CommandResult.Applied) commands.stop(s, T0 + 10_000)).session();
        Attention attention = new Attention(T0 + 5_000, 2, settings.safety().stopLine());
        TreeSet<String> statuses = new TreeSet<>();
        for (Session x : List.of(s, paused, stopped)) {
            for (long t : new long[] {T0, T0 + 20_000, T0 + 10_000_000}) {
                ObjectNode m = Wire.session(x, "Main floor", 300, t, settings.safety(), Timeline.phaseAt(x, t),
                        t == T0 ? attention : null, 3);
                statuses.add(m.get("status").asText());
                assertConforms(Topics.session(ZONE), m);
            }
        }
        assertEquals(new TreeSet<>(List.of("pending", "running", "paused", "stopped", "finished")), statuses);
    }

    @Test
    void everyKindOfCue() {
        Session s = started();
        TreeSet<String> kinds = new TreeSet<>();
        for (Cue c : new CueSchedule(5_000).between(s, T0, T0 + plan.totalMs() + 1_000)) {
            kinds.add(c.kind().wire());
            assertConforms(Topics.cue(ZONE), tree(Wire.cue(s, c, c.at() - 150, 2)));
        }
        assertEquals(new TreeSet<>(contract.enumOf("CueMessage", "kind")), kinds, "the plan produced every cue kind");
    }

    @Test
    void progress() {
        assertConforms(Topics.progress(ZONE), TrainerWire.progress(ZONE, ZONE + "-1", 12, T0, 3,
                List.of(new StepCounts(0, 2, 1, 0), new StepCounts(1, 0, 0, 1))));
    }

    @Test
    void painAlert() {
        PainAlert a = new PainAlert(ZONE, "watch-1", "w1-7", ZONE + "-1", 1, plan.step(1).name(), T0, T0 + 40);
        assertConforms(Topics.alerts(ZONE), TrainerWire.alert(a, settings.safety().painAlertLine()));
    }

    @Test
    void acksOfEveryStatusAndEveryRefusalReason() {
        assertConforms(Topics.acks("watch-1"), DeviceWire.ack("e1", "accepted", null, T0));
        assertConforms(Topics.acks("watch-1"), DeviceWire.ack("e1", "duplicate", Rejection.DUPLICATE, T0));
        for (Rejection r : Rejection.values()) {
            // a rate-limited event gets no ack at all: no reply that would feed the flood
            if (r != Rejection.DUPLICATE && r != Rejection.RATE_LIMITED) {
                assertConforms(Topics.acks("watch-1"), DeviceWire.ack("e1", "rejected", r, T0));
            }
        }
    }

    @Test
    void pong() {
        assertConforms(Topics.pong("display-1"), DeviceWire.pong(T0, T0 + 3, T0 + 4));
        assertConforms(Topics.pong("display-1"), DeviceWire.pong(T0, T0 + 3, T0 + 4, (T0 + 3) * 1000 + 417, (T0 + 4) * 1000 + 3));
    }

    @Test
    void engineStatus() {
        assertConforms(Topics.ENGINE_STATUS, DeviceWire.engineStatus("limber-1", "online", T0));
        assertConforms(Topics.ENGINE_STATUS, DeviceWire.engineStatus("limber-1", "offline", 0));
    }

    @Test
    void assignmentAndPresence() {
        assertConforms(Topics.assignment("display-k7m2qx"), DeviceWire.assignment("main-floor", "Wall left", "display", T0));
        assertConforms(Topics.assignment("tablet-abc234"), DeviceWire.assignment("", "Front desk", "tablet", 0));
        assertConforms(Topics.presence("display-k7m2qx"), DeviceWire.presence("display-k7m2qx", false, T0));
        assertConforms(Topics.presence("tablet:sam:abc234"), DeviceWire.presence("tablet:sam:abc234", true, T0));
    }

    @Test
    void aMessageMissingARequiredFieldFailsTheCheck() {
        ObjectNode cue = tree(Wire.cue(started(), new CueSchedule(5_000).between(started(), T0, T0 + 1_000).get(0), T0, 0));
        cue.remove("epoch");
        boolean failed;
        try {
            assertConforms(Topics.cue(ZONE), cue);
            failed = false;
        } catch (AssertionError expected) {
            failed = true;
        }
        assertTrue(failed, "a cue without its epoch must not pass");
        assertFalse(contract.channelsFor(Topics.cue(ZONE)).isEmpty());
    }
}
