package limber.pages;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import limber.protocol.Topics;
import limber.testing.FastConfig;
import limber.testing.JitterRelay;
import limber.testing.MqttProbe;

/**
 * Six wall displays on clocks off by up to 5 s, behind the jitter relay (2-30 ms each way), play a
 * session with a pause, an extension and skips. Each sound's start is found in the rendered audio
 * itself: an AudioWorklet tap on the page's master node posts the frame where sound begins after
 * silence; the page converts that frame through getOutputTimestamp to its own (shifted) clock, and
 * the test takes the shift off again to get true time. For every sound the final timeline calls for,
 * the starts agree across pages (p99 of each page's distance from the median ≤ 3 ms); every onset
 * heard belongs to such a sound, so nothing cancelled by a later revision sounded anywhere.
 */
@Timeout(180)
class SoundSyncIT {
    /**
     * Commands take effect this long after they are accepted (300 ms shipped). Six renderers, the
     * engine and the test share two cores here, and a revision that reaches a screen after its instant
     * cannot sound there on time (it is dropped, never played late): the lead gives them room.
     */
    private static final int LEAD_MS = 800;
    private static final long[] SHIFTS = {-5_000, -3_100, -900, 1_200, 3_300, 5_000};
    private static final String POLICY = """
            holdPolicy:
              defaultHoldSeconds: 4
              minHoldSeconds: 4
              maxHoldSeconds: 60
              lowFlexibilityHoldSeconds: 4
              defaultReps: 2
              minReps: 2
              maxReps: 4
              lowFlexibilityReps: 2
              prepareSeconds: 4
              switchSeconds: 3
              restSeconds: 3
              flowSeconds: 5
              warnBeforeEndSeconds: 1
            """;

    @RegisterExtension
    static final PagesExtension PAGES = PagesExtension.enginePerClass("--config-dir=" + shortHolds(),
            "--session.extendSeconds=5", "--session.leadMs=" + LEAD_MS);

    /** An AudioWorklet on the master node: posts the frame of every sample that breaks 20 ms of silence. */
    private static final String TAP = """
            async () => {
              const p = window.limberPage;
              const ctx = p.sound.ctx;
              const src = `class OnsetTap extends AudioWorkletProcessor {
                constructor() { super(); this.min = Math.round(sampleRate * 0.02); this.quiet = this.min; }
                process(inputs) {
                  const ch = inputs[0] && inputs[0][0];
                  if (!ch) { this.quiet += 128; return true; }
                  for (let i = 0; i < ch.length; i++) {
                    if (Math.abs(ch[i]) > 0.0008) {
                      if (this.quiet >= this.min) this.port.postMessage(currentFrame + i);
                      this.quiet = 0;
                    } else {
                      this.quiet++;
                    }
                  }
                  return true;
                }
              }
              registerProcessor('onset-tap', OnsetTap);`;
              await ctx.audioWorklet.addModule(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
              const tap = new AudioWorkletNode(ctx, 'onset-tap', { outputChannelCount: [1] });
              p.sound.master.connect(tap);
              tap.connect(ctx.destination); // silent; keeps the tap pulled by the graph
              window.__onsets = []; // context seconds of each onset
              window.__stamps = []; // getOutputTimestamp() readings, in the page's (shifted) clock
              tap.port.onmessage = (e) => window.__onsets.push(e.data / ctx.sampleRate);
              setInterval(() => window.__stamps.push(ctx.getOutputTimestamp()), 50);
              return ctx.sampleRate;
            }
            """;

    /**
     * The onsets in true wall-clock ms. Each context time goes to the page's clock through the output
     * stamps of the second after it (they reflect any slip of the output before the onset was heard; the
     * lowest local-minus-context difference, as a stamp can be taken late, never early), then to true
     * time by taking off the shift the test gave the page.
     */
    private static final String ONSETS = """
            () => window.__onsets.map((c) => {
              let diff = Infinity;
              for (const s of window.__stamps) {
                if (s.contextTime > 0 && s.contextTime >= c && s.contextTime - c <= 1) {
                  diff = Math.min(diff, s.performanceTime - s.contextTime * 1000);
                }
              }
              return performance.timeOrigin + c * 1000 + diff - window.__clockShift;
            })
            """;

    /**
     * What each revision of the session made sound. The engine keeps only a session's recent anchors, so
     * revision k speaks for the time from its newest anchor to the next revision's newest anchor: those
     * sounds were heard; what it had planned from the next revision's instant on and no later revision
     * kept was cancelled. Each with its length, to tell the notes and words inside a sound from a new one.
     */
    private static final String PLAN = """
            async ([texts, mode]) => {
              const revisions = texts.map((t) => JSON.parse(t));
              const { soundsBetween } = await import('/shared/soundplan.js');
              const s = window.limberPage.sound;
              const len = (w) => (w.sound === 'voice' ? s.clips[w.clip] : s.tones[w.sound]).duration * 1000;
              const newest = (m) => m.anchors[m.anchors.length - 1].at;
              const heard = [];
              const planned = [];
              revisions.forEach((m, k) => {
                const until = k + 1 < revisions.length ? newest(revisions[k + 1]) : Infinity;
                for (const w of soundsBetween(m, -Infinity, Infinity, mode, s.clips)) {
                  const x = { key: w.key, at: w.at, sound: w.sound, ms: len(w) };
                  if (w.at >= newest(m) && w.at < until) {
                    heard.push(x);
                  } else if (w.at >= until) {
                    planned.push(x);
                  }
                }
              });
              const keys = new Set(heard.map((w) => w.key));
              const cancelled = planned.filter((w, i) => !keys.has(w.key)
                  && planned.findIndex((v) => v.key === w.key) === i);
              return JSON.stringify({ final: heard, earlier: cancelled });
            }
            """;

    private static String shortHolds() {
        try {
            Path dir = FastConfig.dir();
            Files.writeString(dir.resolve("hold-policy.yaml"), POLICY);
            return dir.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyScreenSoundsEveryCueAtTheSameInstantAndNothingCancelledIsHeard(Pages pages) throws Exception {
        try (JitterRelay relay = new JitterRelay(pages.engine().websocketPort, JitterRelay.Profile.UNIFORM, 15);
             MqttProbe spy = pages.engine().observer().subscribe(Topics.session("main-floor"))) {
            List<Page> displays = pages.displaysViaRelay(relay, 320, 180, SHIFTS, "sound-");
            for (Page p : displays) {
                pages.awaitReady(p);
                p.waitForFunction("() => window.limberPage.sound && window.limberPage.sound.state === 'ready'"
                        + " && Object.keys(window.limberPage.sound.clips).length >= 14", null,
                        new Page.WaitForFunctionOptions().setTimeout(15_000));
                p.evaluate(TAP);
            }
            // screens are on well before a class: their clock filters hold a fuller window than the first
            // burst (120 samples, about 10 s), and what a page uses has caught up with the estimate (it
            // follows at 2 ms a second, clock.js)
            for (Page p : displays) {
                p.waitForFunction("() => { const f = window.limberPage.clock.filter; return f.samples.length >= 120"
                        + " && Math.abs(f.estimate - f.offsetAt(performance.now())) < 0.3; }", null,
                        new Page.WaitForFunctionOptions().setTimeout(45_000).setPollingInterval(100));
            }
            Page first = displays.get(0);
            long started = System.currentTimeMillis();
            pages.post("/api/zones/main-floor/session", "{\"routineId\":\"beginner\"}");
            // knee-to-chest: prepare, left (extended early, so there is room to pause it and resume), switch,
            // right, rest -> skip
            untilPhase(first, i -> i == 1, 300);
            pages.post("/api/zones/main-floor/session/extend", null);
            untilPhase(first, i -> i == 1, 3_000);
            pages.post("/api/zones/main-floor/session/pause", null);
            await().pollDelay(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3)).until(() -> true);
            pages.post("/api/zones/main-floor/session/resume", null);
            untilPhase(first, i -> i == 4, 400);
            pages.post("/api/zones/main-floor/session/skip", null);
            // supine twist: prepare, left hold cut short by a skip mid-count
            untilPhase(first, i -> i == 9, 1_500);
            pages.post("/api/zones/main-floor/session/skip", null);
            // cat-cow: prepare, a flow, then skip past the end: the closing chime and words
            untilPhase(first, i -> i == 17, 2_500);
            pages.post("/api/zones/main-floor/session/skip", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> "ended".equals(sample(first).path("mode").asText()));
            await().pollDelay(Duration.ofMillis(5_000)).atMost(Duration.ofSeconds(6)).until(() -> true);
            System.out.printf("[sound sync] session of %d ms driven%n", System.currentTimeMillis() - started);

            // every revision of the session once, oldest first (retained copies come again on republish)
            List<String> revisions = spy.on(Topics.session("main-floor")).stream().map(MqttProbe.Received::payload)
                    .filter(s -> s.contains("\"beginner\"")).collect(Collectors.toMap(
                            s -> Pages.parse(s).get("revision").asLong(), s -> s, (a, b) -> a, TreeMap::new))
                    .values().stream().toList();
            JsonNode plan = Pages.parse((String) first.evaluate(PLAN, List.of(revisions, "voice")));
            List<double[]> onsets = new ArrayList<>();
            for (Page p : displays) {
                onsets.add(toArray(Pages.toJson(p.evaluate(ONSETS))));
            }
            try {
                check(plan, onsets);
            } catch (AssertionError e) {
                for (Page p : displays) {
                    System.out.println("[sound sync] page log: " + p.evaluate("() => window.limberPage.sound.log.join('\\n')"));
                }
                throw e;
            }
            assertTrue(pages.pageErrors.isEmpty(), "page errors: " + pages.pageErrors);
        }
    }

    private static void check(JsonNode plan, List<double[]> onsets) {
        List<Double> deviations = new ArrayList<>();
        double[] bias = new double[onsets.size()];
        double worstSpread = 0;
        int sounds = 0;
        for (JsonNode w : plan.get("final")) {
            double at = w.get("at").asDouble();
            double[] starts = new double[onsets.size()];
            for (int p = 0; p < onsets.size(); p++) {
                starts[p] = firstWithin(onsets.get(p), at - 40, at + 150);
                assertTrue(!Double.isNaN(starts[p]), "page " + p + " did not sound " + w + "; its onsets near it: "
                        + near(onsets.get(p), at));
            }
            double[] sorted = starts.clone();
            Arrays.sort(sorted);
            double median = (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
            for (int p = 0; p < starts.length; p++) {
                deviations.add(Math.abs(starts[p] - median));
                bias[p] += (starts[p] - median);
            }
            worstSpread = Math.max(worstSpread, sorted[sorted.length - 1] - sorted[0]);
            double m = median;
            System.out.printf("[sound sync] %-8s at %+8.0f ms: %s%n", w.get("sound").asText(), at - plan.get("final").get(0)
                    .get("at").asDouble(), Arrays.toString(Arrays.stream(starts).map(x -> Math.round((x - m) * 10) / 10.0).toArray()));
            sounds++;
        }
        double[] d = deviations.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double p99 = d[(int) Math.ceil(0.99 * d.length) - 1];
        System.out.printf("[sound sync] %d sounds x %d pages: distance from the median p50 %.2f ms, p99 %.2f ms,"
                + " max %.2f ms; widest spread %.2f ms%n", sounds, onsets.size(), d[d.length / 2], p99,
                d[d.length - 1], worstSpread);
        int n = Math.max(1, sounds);
        System.out.printf("[sound sync] each page's mean distance from the median: %s ms%n",
                Arrays.toString(Arrays.stream(bias).map(b -> Math.round(b / n * 100) / 100.0).toArray()));
        assertTrue(sounds >= 20, "a session with every kind of cue: " + sounds);
        assertTrue(p99 <= 3.0, "starts differ across screens: p99 " + p99 + " ms");

        // every onset heard lies inside a sound the final timeline calls for (the notes of a pattern and
        // the words of a prompt start again after short silences); anything else was not meant to sound
        int cancelled = 0;
        for (JsonNode c : plan.get("earlier")) {
            if (!explained(plan.get("final"), c.get("at").asDouble())) {
                cancelled++;
            }
        }
        for (int p = 0; p < onsets.size(); p++) {
            for (double o : onsets.get(p)) {
                assertTrue(explained(plan.get("final"), o), "page " + p + " sounded at " + o
                        + ", inside no sound of the final timeline (a cancelled one?)");
            }
        }
        System.out.printf("[sound sync] %d sounds of earlier revisions were cancelled; none heard%n", cancelled);
        assertTrue(cancelled > 0, "the pause, extension and skips cancel sounds already scheduled");
    }

    private static boolean explained(JsonNode finalSounds, double t) {
        for (JsonNode w : finalSounds) {
            double at = w.get("at").asDouble();
            if (t >= at - 25 && t <= at + w.get("ms").asDouble() + 60) {
                return true;
            }
        }
        return false;
    }

    private static double firstWithin(double[] onsets, double from, double to) {
        for (double o : onsets) {
            if (o >= from && o <= to) {
                return o;
            }
        }
        return Double.NaN;
    }

    private static String near(double[] onsets, double at) {
        return Arrays.toString(Arrays.stream(onsets).filter(o -> Math.abs(o - at) < 1_000).map(o -> o - at).toArray());
    }

    private static double[] toArray(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    private static JsonNode sample(Page p) {
        return Pages.toJson(p.evaluate("() => window.limberPage.sample()"));
    }

    /** Waits until the page shows a phase whose index passes, at least {@code elapsedMs} into it. */
    private static void untilPhase(Page p, IntPredicate phase, long elapsedMs) {
        JsonNode[] seen = new JsonNode[1];
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                JsonNode s = sample(p);
                seen[0] = s;
                return "running".equals(s.path("status").asText()) && phase.test(s.path("phaseIndex").asInt())
                        && s.path("elapsedMs").asDouble() >= elapsedMs;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the phase waited for did not come; the page last showed " + seen[0], e);
        }
    }
}
