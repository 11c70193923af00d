package limber.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import limber.routine.Plan;
import limber.session.Anchor;
import limber.session.PhaseVectorsTest;
import limber.session.PhaseView;
import limber.session.Session;
import limber.session.Timeline;

/**
 * The JavaScript phaseAt (displays/shared/timeline.js), loaded by a real page from the engine, passes
 * every shared JSON vector, and agrees with the Java Timeline on a dense sweep of instants around
 * every anchor and phase boundary of every vector session.
 */
@Timeout(120)
@ExtendWith(PagesExtension.class)
class TimelineInBrowserIT {
    private static final String RUN_PROBES = """
            async (json) => {
              const { phaseAt } = await import('/shared/timeline.js');
              return JSON.parse(json).map((c) => {
                const session = { phases: c.phases, steps: c.steps, anchors: c.anchors };
                return c.times.map((t) => {
                  const v = phaseAt(session, t);
                  return `${v.status} phase ${v.phaseIndex} elapsed ${v.elapsedMs} remaining ${v.remainingMs}`
                    + ` duration ${v.durationMs} extend ${v.extendMs}`;
                });
              });
            }
            """;

    private static Page page;
    private static JsonNode doc;

    @BeforeAll
    static void start(Pages pages) throws IOException {
        try (InputStream in = TimelineInBrowserIT.class.getResourceAsStream("/vectors/phase-vectors.json")) {
            doc = Pages.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        page = pages.open(800, 600, 0, "/display/?zone=main-floor&device=wall-vectors");
    }

    @Test
    void everyVectorPassesInTheBrowser() {
        List<Object> input = new ArrayList<>();
        List<List<String>> expected = new ArrayList<>();
        int probes = 0;
        for (JsonNode c : doc.get("cases")) {
            List<Long> times = new ArrayList<>();
            List<String> want = new ArrayList<>();
            for (JsonNode p : c.get("probes")) {
                times.add(p.get("t").asLong());
                want.add(p.get("status").asText() + " phase " + p.get("phaseIndex").asInt() + " elapsed "
                        + p.get("elapsedMs").asLong() + " remaining " + p.get("remainingMs").asLong());
                probes++;
            }
            input.add(caseInput(c.get("anchors"), times));
            expected.add(want);
        }
        List<List<String>> got = run(input);
        int i = 0;
        for (JsonNode c : doc.get("cases")) {
            List<String> g = got.get(i).stream().map(s -> s.substring(0, s.indexOf(" duration "))).toList();
            assertEquals(expected.get(i), g, "vector case '" + c.get("name").asText() + "'");
            i++;
        }
        assertTrue(probes >= 10, "the vector file should hold a real set of probes, found " + probes);
    }

    @Test
    void javaAndJavaScriptAgreeOnADenseSweep() {
        Plan plan = PhaseVectorsTest.plan(doc.get("plan"));
        List<Object> input = new ArrayList<>();
        List<List<String>> expected = new ArrayList<>();
        for (JsonNode c : doc.get("cases")) {
            List<Anchor> anchors = new ArrayList<>();
            for (JsonNode a : c.get("anchors")) {
                anchors.add(new Anchor(a.get("at").asLong(), Anchor.Status.valueOf(a.get("status").asText().toUpperCase(Locale.ROOT)),
                        a.get("phaseIndex").asInt(), a.get("phaseElapsedMs").asLong(), a.get("extendMs").asLong()));
            }
            Session session = new Session("s1", "zone-a", 1, plan, anchors);
            TreeSet<Long> times = new TreeSet<>();
            long first = anchors.get(0).at();
            long total = plan.totalMs() + 120_000;
            for (long t = first - 2_000; t <= first + total; t += 97) {
                times.add(t);
            }
            for (Anchor a : anchors) {
                for (long d = -2; d <= 2; d++) {
                    times.add(a.at() + d);
                }
                long start = a.at() - a.phaseElapsedMs();
                for (int j = a.phaseIndex(); j < plan.phaseCount(); j++) {
                    start += plan.phase(j).durationMs() + (j == a.phaseIndex() ? a.extendMs() : 0);
                    for (long d = -1; d <= 1; d++) {
                        times.add(start + d);
                    }
                }
            }
            List<String> want = new ArrayList<>();
            for (long t : times) {
                PhaseView v = Timeline.phaseAt(session, t);
                want.add(v.status().name().toLowerCase(Locale.ROOT) + " phase " + v.phaseIndex() + " elapsed "
                        + v.elapsedMs() + " remaining " + v.remainingMs() + " duration " + v.durationMs()
                        + " extend " + v.extendMs());
            }
            input.add(caseInput(c.get("anchors"), new ArrayList<>(times)));
            expected.add(want);
        }
        List<List<String>> got = run(input);
        int compared = 0;
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), got.get(i), "case " + doc.get("cases").get(i).get("name").asText());
            compared += expected.get(i).size();
        }
        System.out.println("[timeline twin] Java and JavaScript agree on " + compared + " instants");
    }

    @Test
    void endsAtIsWhereTheTimelineStopsBeingLive() {
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) page.evaluate("""
                async (json) => {
                  const { endsAt, isLive, phaseAt } = await import('/shared/timeline.js');
                  const doc = JSON.parse(json);
                  const out = [];
                  for (const c of doc.cases) {
                    const s = { phases: doc.plan.phases, steps: doc.plan.steps, anchors: c.anchors };
                    const e = endsAt(s);
                    const last = c.anchors[c.anchors.length - 1];
                    if (e === Infinity) {
                      if (last.status !== 'paused') out.push(`${c.name}: Infinity but not paused`);
                    } else if (!isLive(phaseAt(s, e - 1)) || isLive(phaseAt(s, e))) {
                      out.push(`${c.name}: endsAt ${e} is not the end`);
                    }
                  }
                  return out;
                }
                """, doc.toString());
        assertEquals(List.of(), problems);
    }

    private static Map<String, Object> caseInput(JsonNode anchors, List<Long> times) {
        return Map.of("phases", doc.get("plan").get("phases"), "steps", doc.get("plan").get("steps"),
                "anchors", anchors, "times", times);
    }

    @SuppressWarnings("unchecked")
    private static List<List<String>> run(List<Object> input) {
        try {
            // as JSON text: Playwright's argument serializer has no 64-bit integers
            return (List<List<String>>) page.evaluate(RUN_PROBES, Pages.JSON.writeValueAsString(input));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
