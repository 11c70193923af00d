package limber.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import limber.protocol.Topics;
import limber.testing.MqttProbe;

/**
 * In a cluster each zone has one owner at a time, and every new ownership has a higher epoch. An old
 * owner that was paused may still publish; its messages carry its old epoch and real pages must
 * ignore them. The test stands in for the owners: it publishes session and cue messages with chosen
 * epochs to the real broker, so it does not depend on whether the engine stamps an epoch yet (an
 * engine without one counts as epoch 0, below every epoch used here).
 */
@Timeout(120)
class EpochFencingIT {
    /** The test's owners log in as an engine: only an engine's login may publish on zone topics. */
    @RegisterExtension
    static final PagesExtension PAGES = PagesExtension.enginePerClass(EngineStandIn.configArg());

    /** Notes every message the page has handled (after its own handlers ran), per topic. */
    private static final String ARRIVALS = """
            () => {
              const link = window.limberPage.link;
              const handle = link.dispatch.bind(link);
              window.__arrived = [];
              link.dispatch = (topic, payload) => {
                handle(topic, payload);
                try {
                  window.__arrived.push({ topic, msg: JSON.parse(new TextDecoder().decode(payload)) });
                } catch (e) {
                  // not JSON: not one of ours
                }
              };
              window.__shown = [];
              window.limberPage.watcher.onChange((what) => {
                if (what === 'session') window.__shown.push(window.limberPage.watcher.session.sessionId);
              });
            }
            """;
    private static final String RECORD_VIBRATE = """
            (() => {
              window.__vibrations = [];
              Object.defineProperty(Navigator.prototype, 'vibrate', { configurable: true, value: function (p) {
                window.__vibrations.push(Array.isArray(p) ? p : [p]);
                return true;
              }});
            })();
            """;

    private static MqttProbe owners;

    @BeforeAll
    static void start(Pages pages) throws Exception {
        owners = EngineStandIn.connect(pages.engine());
    }

    @AfterEach
    void noPageErrors(Pages pages) {
        assertTrue(pages.pageErrors.isEmpty(), "page errors: " + pages.pageErrors);
    }

    @AfterAll
    static void stop() throws Exception {
        owners.close();
    }

    @Test
    void displayIgnoresASessionFromAnOlderOwner(Pages pages) throws Exception {
        Page display = pages.open(960, 540, 1_500, "/display/?zone=main-floor&device=wall-epoch");
        pages.awaitReady(display);
        display.evaluate(ARRIVALS);
        String topic = Topics.session("main-floor");
        long now = System.currentTimeMillis();
        int e = epochOnPage(display); // 0, unless another test left a retained message with an epoch

        publishSession("main-floor", e + 2, 5, now, "owner-two", "Owner Two Reach", now - 2_000);
        assertThat(display.locator("#name")).hasText("Owner Two Reach");

        // the old owner, still talking: higher revision, newer serverTime, another plan and anchors
        publishSession("main-floor", e + 1, 50, now + 60_000, "owner-one", "Stale Owner Lunge", now - 30_000);
        awaitArrival(display, topic, "owner-one");
        afterTwoFrames(display);
        assertThat(display.locator("#name")).hasText("Owner Two Reach");
        assertEquals("owner-two", display.evaluate("() => window.limberPage.watcher.session.sessionId"));

        // a newer owner wins even with a lower revision and an older serverTime
        publishSession("main-floor", e + 3, 1, now - 60_000, "owner-three", "Owner Three Fold", now - 1_000);
        assertThat(display.locator("#name")).hasText("Owner Three Fold");
        assertEquals(List.of("owner-two", "owner-three"), display.evaluate("() => window.__shown"),
                "the stale owner's message never reached the screen");
        assertEquals(e + 3, epochOnPage(display));
    }

    @Test
    void sessionOrderPutsEpochFirstAndKeepsTheOldRulesWithinOne(Pages pages) {
        Page display = pages.open(800, 600, 0, "/display/?zone=main-floor&device=wall-order-rules");
        @SuppressWarnings("unchecked")
        List<String> wrong = (List<String>) display.evaluate("""
                async () => {
                  const { newerSession } = await import('/shared/zone.js');
                  const m = (epoch, sessionId, revision, serverTime) =>
                    (epoch === undefined ? { sessionId, revision, serverTime } : { epoch, sessionId, revision, serverTime });
                  const cases = [
                    ['higher epoch, lower revision, older time', m(1, 's', 9, 900), m(2, 's', 1, 100), true],
                    ['higher epoch, other session, older time', m(1, 's', 9, 900), m(2, 't', 1, 100), true],
                    ['lower epoch, higher revision, newer time', m(2, 's', 1, 100), m(1, 's', 9, 900), false],
                    ['no epoch is epoch 0', m(undefined, 's', 9, 900), m(1, 's', 1, 100), true],
                    ['epoch 0 to none: old rules', m(0, 's', 3, 100), m(undefined, 's', 4, 50), true],
                    ['same epoch, older revision', m(4, 's', 3, 100), m(4, 's', 2, 900), false],
                    ['same epoch, republish', m(4, 's', 3, 100), m(4, 's', 3, 101), true],
                    ['same epoch, other session, older time', m(4, 's', 3, 100), m(4, 't', 9, 99), false],
                  ];
                  return cases.filter(([, a, b, want]) => newerSession(a, b) !== want).map(([name]) => name);
                }
                """);
        assertEquals(List.of(), wrong);
    }

    @Test
    void watchBuzzesOnlyForTheCurrentOwnersCues(Pages pages) throws Exception {
        Page watch = pages.joinedWatch(RECORD_VIBRATE, -2_500, "studio-b", "watch-epoch");
        watch.evaluate(ARRIVALS);
        String cues = Topics.cue("studio-b");
        int e = epochOnPage(watch);
        publishSession("studio-b", e + 2, 3, System.currentTimeMillis(), "studio-b-fenced", "Owner Two Reach",
                System.currentTimeMillis() - 2_000);
        watch.waitForFunction("(e) => window.limberPage.watcher.epoch === e", e + 2);

        // published in this order, so each one has been handled before the next arrives
        long t = System.currentTimeMillis();
        publishCue(e + 1, "hold_start", t + 600);     // stale owner: no buzz
        publishCue(e + 2, "warn", t + 900);           // current owner: buzz
        watch.waitForFunction("() => window.limberPage.vibrations.length >= 1", null,
                new Page.WaitForFunctionOptions().setTimeout(10_000));
        long t2 = System.currentTimeMillis();
        publishCue(e + 3, "warn", t + 900);           // a new owner re-sends the one just played: no buzz
        publishCue(e + 3, "hold_end", t2 + 400);      // the new owner's own cue: buzz
        publishCue(e + 2, "rest_start", t2 + 800);    // the owner before it, late: no buzz
        publishCue(e + 3, "session_end", t2 + 1_200); // buzz
        watch.waitForFunction("(n) => window.__arrived.filter((a) => a.topic === '" + cues + "').length >= n", 6,
                new Page.WaitForFunctionOptions().setTimeout(10_000));
        watch.waitForFunction("() => window.limberPage.vibrations.some((v) => v.kind === 'session_end')", null,
                new Page.WaitForFunctionOptions().setTimeout(10_000));

        JsonNode played = Pages.parse((String) watch.evaluate(
                "() => JSON.stringify(window.limberPage.vibrations.map((v) => v.kind))"));
        List<String> kinds = new ArrayList<>();
        played.forEach(k -> kinds.add(k.asText()));
        assertEquals(List.of("warn", "hold_end", "session_end"), kinds, "cues played");
        assertEquals(3, ((Number) watch.evaluate("() => window.__vibrations.length")).intValue(),
                "navigator.vibrate calls");
        assertEquals(e + 3, epochOnPage(watch));
    }

    @Test
    void aQueuedCueIsDroppedWhenANewerOwnerSpeaksBeforeItsInstant(Pages pages) throws Exception {
        Page watch = pages.joinedWatch(RECORD_VIBRATE, 0, "studio-b", "watch-epoch-queued");
        watch.evaluate(ARRIVALS);
        long now = System.currentTimeMillis();
        int e = epochOnPage(watch);

        // the old owner's cue waits for its instant; a new owner takes over and says something else
        publishCue(e + 1, "hold_start", now + 2_000);
        publishSession("studio-b", e + 2, 1, now, "studio-b-fenced", "Next Owner Twist", now - 1_000);
        publishCue(e + 2, "rest_start", now + 2_400);
        watch.waitForFunction("() => window.limberPage.vibrations.length >= 1", null,
                new Page.WaitForFunctionOptions().setTimeout(10_000));
        JsonNode played = Pages.parse((String) watch.evaluate("() => JSON.stringify(window.limberPage.vibrations)"));
        assertEquals(1, played.size(), "one buzz: " + played);
        assertEquals("rest_start", played.get(0).get("kind").asText());
    }

    // ---- the owners' messages -------------------------------------------------------------------

    private static void publishSession(String zone, int epoch, long revision, long serverTime, String sessionId,
            String stepName, long anchorAt) throws Exception {
        ObjectNode m = Pages.JSON.createObjectNode();
        m.put("v", 1).put("zone", zone).put("zoneName", zone).put("sessionId", sessionId).put("revision", revision)
                .put("serverTime", serverTime).put("status", "running").put("leadMs", 300).put("epoch", epoch);
        m.putObject("routine").put("id", "fenced").put("name", "Fenced routine");
        m.putObject("options").put("holdSeconds", 600).put("reps", 1).put("lowFlexibility", false);
        ObjectNode step = m.putArray("steps").addObject();
        step.put("index", 0).put("stretchId", "fenced-" + epoch).put("name", stepName).put("sided", false)
                .put("style", "static").put("firstPhase", 0).put("lastPhase", 0);
        step.putArray("how").add("Breathe slowly");
        m.putArray("phases").addObject().put("kind", "hold").put("stepIndex", 0).put("side", "none").put("rep", 1)
                .put("reps", 1).put("durationMs", 600_000);
        ArrayNode anchors = m.putArray("anchors");
        anchors.addObject().put("at", anchorAt).put("status", "running").put("phaseIndex", 0)
                .put("phaseElapsedMs", 0).put("extendMs", 0);
        m.putObject("safety").put("gentleLine", "Easy does it.").put("stopLine", "Stop if it hurts.")
                .put("consultNote", "Ask your doctor first.").put("breathingLine", "Breathe slowly.")
                .put("painAlertLine", "Your trainer has been told.");
        owners.publish(Topics.session(zone), m.toString().getBytes(StandardCharsets.UTF_8), 1, true);
    }

    private static void publishCue(int epoch, String kind, long at) throws Exception {
        ObjectNode c = Pages.JSON.createObjectNode();
        c.put("sessionId", "studio-b-fenced").put("revision", 3).put("kind", kind).put("at", at).put("phaseIndex", 0)
                .put("stepIndex", 0).put("side", "none").put("rep", 1).put("serverTime", System.currentTimeMillis())
                .put("epoch", epoch);
        owners.publish(Topics.cue("studio-b"), c.toString(), 1);
    }

    /** The highest epoch the page has seen so far (the retained session message's). */
    private static int epochOnPage(Page page) {
        return ((Number) page.evaluate("() => window.limberPage.watcher.epoch")).intValue();
    }

    private static void awaitArrival(Page page, String topic, String sessionId) {
        page.waitForFunction("([t, s]) => window.__arrived.some((a) => a.topic === t && a.msg.sessionId === s)",
                List.of(topic, sessionId), new Page.WaitForFunctionOptions().setTimeout(10_000));
    }

    /** Lets the page render twice, so whatever it would show is on screen. */
    private static void afterTwoFrames(Page page) {
        page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))");
    }
}
