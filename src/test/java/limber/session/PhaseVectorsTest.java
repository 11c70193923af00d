package limber.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import limber.routine.Phase;
import limber.routine.Plan;
import limber.routine.SessionOptions;
import limber.routine.Step;
import limber.routine.Stretch;

/** Runs the shared JSON vectors: commands must yield the listed anchors and phaseAt the listed probes. */
public class PhaseVectorsTest {

    @TestFactory
    Stream<DynamicTest> vectors() throws Exception {
        JsonNode doc;
        try (InputStream in = getClass().getResourceAsStream("/vectors/phase-vectors.json")) {
            doc = new ObjectMapper().readTree(in);
        }
        Plan plan = plan(doc.get("plan"));
        SessionCommands commands = new SessionCommands(doc.get("leadMs").asLong(), doc.get("maxHoldMs").asLong());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : doc.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> runCase(plan, commands, c)));
        }
        return tests.stream();
    }

    private static void runCase(Plan plan, SessionCommands commands, JsonNode c) {
        Session session = null;
        for (JsonNode cmd : c.get("commands")) {
            long now = cmd.get("now").asLong();
            CommandResult r = switch (cmd.get("cmd").asText()) {
                case "start" -> commands.start("s1", "zone-a", plan, 1, now);
                case "pause" -> commands.pause(session, now);
                case "resume" -> commands.resume(session, now);
                case "skip" -> commands.skip(session, now);
                case "back" -> commands.back(session, now);
                case "extend" -> commands.extend(session, now, cmd.get("seconds").asInt());
                case "stop" -> commands.stop(session, now);
                default -> throw new IllegalArgumentException(cmd.toString());
            };
            if (cmd.has("reject")) {
                CommandResult.Rejected rej = assertInstanceOf(CommandResult.Rejected.class, r, cmd.toString());
                assertEquals(cmd.get("reject").asText(), rej.reason().name().toLowerCase(), cmd.toString());
            } else {
                session = assertInstanceOf(CommandResult.Applied.class, r, cmd.toString()).session();
            }
        }
        List<String> expected = new ArrayList<>();
        c.get("anchors").forEach(a -> expected.add(a.get("at").asLong() + "/" + a.get("status").asText() + "/"
                + a.get("phaseIndex").asInt() + "/" + a.get("phaseElapsedMs").asLong() + "/" + a.get("extendMs").asLong()));
        List<String> actual = session.anchors().stream().map(a -> a.at() + "/" + a.status().name().toLowerCase() + "/"
                + a.phaseIndex() + "/" + a.phaseElapsedMs() + "/" + a.extendMs()).toList();
        assertEquals(expected, actual, "anchors");
        for (JsonNode p : c.get("probes")) {
            PhaseView v = Timeline.phaseAt(session, p.get("t").asLong());
            String want = p.get("status").asText() + " phase " + p.get("phaseIndex").asInt() + " elapsed "
                    + p.get("elapsedMs").asLong() + " remaining " + p.get("remainingMs").asLong();
            String got = v.status().name().toLowerCase() + " phase " + v.phaseIndex() + " elapsed " + v.elapsedMs()
                    + " remaining " + v.remainingMs();
            assertEquals(want, got, "at t=" + p.get("t").asLong());
        }
    }

    /** The vectors' plan as a core Plan; also used by the browser twin's test. */
    public static Plan plan(JsonNode node) {
        List<Phase> phases = new ArrayList<>();
        for (JsonNode p : node.get("phases")) {
            phases.add(new Phase(phases.size(), Phase.Kind.valueOf(p.get("kind").asText().toUpperCase()),
                    p.get("stepIndex").asInt(), Phase.Side.valueOf(p.get("side").asText().toUpperCase()),
                    p.get("rep").asInt(), p.get("reps").asInt(), p.get("durationMs").asLong()));
        }
        List<Step> steps = new ArrayList<>();
        for (JsonNode s : node.get("steps")) {
            steps.add(new Step(steps.size(), "stretch-" + steps.size(), "Stretch " + steps.size(), List.of(), null,
                    true, Stretch.Style.STATIC, s.get("firstPhase").asInt(), s.get("lastPhase").asInt()));
        }
        return new Plan("vectors", "Vectors", new SessionOptions(10, 1, false), steps, phases);
    }
}
