package limber.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import limber.testing.ClockVectorsTest;

/**
 * The JavaScript clock filter (ClockFilter in displays/shared/clock.js), loaded by a real page from the engine,
 * passes every shared clock vector that the Java twin passes (ClockVectorsTest).
 */
@Timeout(120)
@ExtendWith(PagesExtension.class)
class ClockInBrowserIT {
    private static final String RUN_VECTORS = """
            async (json) => {
              const { ClockFilter, engineStamps } = await import('/shared/clock.js');
              const doc = JSON.parse(json);
              const out = [];
              let checks = 0;
              for (const c of doc.cases) {
                const f = new ClockFilter();
                c.steps.forEach((s, i) => {
                  const where = `${c.name}, step ${i}`;
                  if (s.op === 'sample') {
                    const { t1, t2 } = engineStamps(s.pong);
                    const ok = f.add(s.t0, t1, t2, s.t3);
                    if (ok !== s.accepted) out.push(`${where}: accepted ${ok}`);
                  } else if (s.op === 'reset') {
                    f.reset();
                  } else {
                    checks++;
                    const got = { offset: f.offsetAt(s.at) - doc.theta, estimate: f.estimate - doc.theta, bound: f.bound };
                    for (const k of ['offset', 'estimate', 'bound']) {
                      if (!(Math.abs(got[k] - s[k]) <= doc.tolerance)) out.push(`${where}: ${k} ${got[k]} != ${s[k]}`);
                    }
                    if (f.converged !== s.converged) out.push(`${where}: converged ${f.converged}`);
                    if (f.samples.length !== s.samples) out.push(`${where}: samples ${f.samples.length} != ${s.samples}`);
                  }
                });
              }
              return JSON.stringify({ problems: out, checks });
            }
            """;

    @Test
    void everyClockVectorPassesInTheBrowser(Pages pages) throws Exception {
        JsonNode doc = ClockVectorsTest.load();
        Page page = pages.open(800, 600, 0, "/display/?zone=main-floor");
        JsonNode result = Pages.parse((String) page.evaluate(RUN_VECTORS, doc.toString()));
        assertEquals(List.of(), Pages.JSON.convertValue(result.get("problems"), List.class));
        assertTrue(result.get("checks").asInt() >= 50, "checks run: " + result.get("checks"));
    }
}
