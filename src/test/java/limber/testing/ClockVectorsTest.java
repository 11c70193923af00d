package limber.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs the shared clock-sync vectors through the Java filter; ClockInBrowserIT runs them through clock.js. */
public class ClockVectorsTest {

    /** The vector file, as both runners read it. */
    public static JsonNode load() throws Exception {
        try (InputStream in = ClockVectorsTest.class.getResourceAsStream("/vectors/clock-vectors.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @TestFactory
    Stream<DynamicTest> vectors() throws Exception {
        JsonNode doc = load();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : doc.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> runCase(doc, c)));
        }
        assertTrue(tests.size() >= 8, "cases: " + tests.size());
        return tests.stream();
    }

    private static void runCase(JsonNode doc, JsonNode c) {
        double theta = doc.get("theta").asDouble();
        double tol = doc.get("tolerance").asDouble();
        ClockFilter f = new ClockFilter();
        int step = 0;
        for (JsonNode s : c.get("steps")) {
            String where = "step " + step++;
            switch (s.get("op").asText()) {
                case "sample" -> {
                    JsonNode p = s.get("pong");
                    Long t1us = p.has("t1us") && p.has("t2us") ? p.get("t1us").asLong() : null;
                    Long t2us = t1us == null ? null : p.get("t2us").asLong();
                    boolean accepted = f.add(s.get("t0").asDouble(), ClockFilter.stamp(p.get("t1").asLong(), t1us),
                            ClockFilter.stamp(p.get("t2").asLong(), t2us), s.get("t3").asDouble());
                    assertEquals(s.get("accepted").asBoolean(), accepted, where + " accepted");
                }
                case "reset" -> f.reset();
                case "check" -> {
                    double at = s.get("at").asDouble();
                    assertEquals(s.get("converged").asBoolean(), f.converged(), where + " converged");
                    assertEquals(s.get("samples").asInt(), f.samples(), where + " samples");
                    assertEquals(s.get("offset").asDouble(), f.offsetAt(at) - theta, tol, where + " offset");
                    assertEquals(s.get("estimate").asDouble(), f.estimate() - theta, tol, where + " estimate");
                    assertEquals(s.get("bound").asDouble(), f.bound(), tol, where + " bound");
                }
                default -> throw new IllegalArgumentException(s.toString());
            }
        }
    }
}
