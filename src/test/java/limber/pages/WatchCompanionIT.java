package limber.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import limber.testing.StallMeter;

/**
 * The watch page buzzes with a distinct pattern for each cue kind, at the cue's instant (checked
 * against what the watch itself shows at that moment), and a done press reaches the engine's count
 * exactly once even when the broker's acknowledgement is lost and the connection is cut.
 */
@Timeout(150)
class WatchCompanionIT {
    /** Buzz lateness is judged against what the machine itself stalled meanwhile (Chromium, engine, test on 2 cores). */
    private static final StallMeter STALLS = new StallMeter();
    /** Records every navigator.vibrate call with what the watch showed at that instant. */
    private static final String RECORD_VIBRATE = """
            (() => {
              window.__vibrations = [];
              Object.defineProperty(Navigator.prototype, 'vibrate', { configurable: true, value: function (p) {
                const s = window.limberPage && window.limberPage.sample ? window.limberPage.sample() : null;
                window.__vibrations.push({ pattern: Array.isArray(p) ? p : [p], shown: s });
                return true;
              }});
            })();
            """;

    @RegisterExtension
    static final PagesExtension ENGINE_PER_TEST = PagesExtension.enginePerTest();

    @Test
    void vibratesWithEachCuePatternAtTheRightPhase(Pages pages) throws Exception {
        // zone A walks an unsided stretch (hold end), zone B a sided one (switch side), in parallel
        Page a = pages.joinedWatch(RECORD_VIBRATE, 2_500, "main-floor", "watch-a");
        Page b = pages.joinedWatch(RECORD_VIBRATE, -4_000, "studio-b", "watch-b");

        JsonNode patterns = Pages.parse((String) a.evaluate(
                "async () => JSON.stringify((await import('/shared/cues.js')).PATTERNS)"));
        List<String> kinds = List.of("step_start", "hold_start", "warn", "hold_end", "switch_side", "session_end");
        Set<String> distinct = new HashSet<>();
        for (String k : kinds) {
            assertTrue(patterns.has(k), "a pattern for " + k);
            distinct.add(patterns.get(k).toString());
        }
        assertEquals(kinds.size(), distinct.size(), "every cue kind feels different: " + patterns);

        String body = "{\"routineId\":\"post-workout-cooldown\",\"holdSeconds\":20,\"reps\":2}";
        long started = System.currentTimeMillis();
        pages.post("/api/zones/main-floor/session", body);
        pages.post("/api/zones/studio-b/session", body);
        awaitVibrations(a, 1, 5_000);
        pages.post("/api/zones/main-floor/session/skip", null); // to the unsided bench extension

        // 8 s prepare + 20 s hold: A ends its hold (into a rest), B switches sides
        awaitVibrations(a, 5, 40_000);
        awaitVibrations(b, 4, 40_000);
        pages.post("/api/zones/main-floor/session/stop", null);
        pages.post("/api/zones/studio-b/session/stop", null);
        awaitVibrations(a, 6, 5_000);
        awaitVibrations(b, 5, 5_000);

        List<JsonNode> va = vibrations(a);
        List<JsonNode> vb = vibrations(b);
        expect(va, patterns, List.of("step_start", "step_start", "hold_start", "warn", "hold_end", "session_end"));
        expect(vb, patterns, List.of("step_start", "hold_start", "warn", "switch_side", "session_end"));

        // at the right phase: what the watch showed when it buzzed
        phase(va.get(0), "prepare", 0);
        phase(va.get(1), "prepare", 1);
        phase(va.get(2), "hold", 1);
        warnPhase(va.get(3));
        phase(va.get(4), "rest", 1);
        assertEquals("ended", va.get(5).get("shown").get("mode").asText(), "session_end after the stop");
        phase(vb.get(0), "prepare", 0);
        phase(vb.get(1), "hold", 0);
        assertEquals("left", vb.get(1).get("shown").get("side").asText());
        warnPhase(vb.get(2));
        phase(vb.get(3), "switch", 0);
        assertEquals("right", vb.get(3).get("shown").get("side").asText(), "the switch announces the right side");
        assertEquals("ended", vb.get(4).get("shown").get("mode").asText());

        double worst = 0;
        for (Page p : List.of(a, b)) {
            JsonNode log = Pages.parse((String) p.evaluate("() => JSON.stringify(window.limberPage.vibrations)"));
            for (JsonNode v : log) {
                worst = Math.max(worst, v.get("engineNow").asDouble() - v.get("at").asDouble());
            }
        }
        System.out.printf("[watch cues] 11 buzzes at the cue instant; worst lateness %.1f ms (page clocks shifted +2.5 s / -4 s)%n", worst);
        long stalled = STALLS.worstMs(started, System.currentTimeMillis());
        assertTrue(worst < 100 + stalled, "buzz lateness " + worst + " ms (worst machine stall meanwhile " + stalled + " ms)");
        assertTrue(pages.pageErrors.isEmpty(), "page errors: " + pages.pageErrors);
    }

    @Test
    void donePressIsCountedOnceAcrossAForcedReconnect(Pages pages) throws Exception {
        Page w = pages.joinedWatch(MQTT_TAP, 0, "main-floor", "watch-r");
        pages.post("/api/zones/main-floor/session", "{\"routineId\":\"beginner\",\"holdSeconds\":20}");
        assertThat(w.locator("body")).hasClass(Pattern.compile("mode-running"));

        w.evaluate("() => { window.__tap.armed = true; }");
        w.locator("#done").click();
        // the broker got the event, its acknowledgement was lost with the connection; the page
        // reconnects and sends the same event again
        w.waitForFunction("() => window.__tap.cut && window.__tap.connections >= 2 && window.__tap.doneSends >= 2"
                + " && window.limberPage.outbox.size === 0", null, new Page.WaitForFunctionOptions().setTimeout(15_000));
        JsonNode tap = tap(w);
        assertEquals(1, tap.get("eventIds").size(), "every retry carries the same eventId: " + tap);

        Awaitility.await("progress").atMost(Duration.ofSeconds(5)).until(() -> doneCount(pages, 0) == 1);
        Awaitility.await("duplicate dropped").atMost(Duration.ofSeconds(5))
                .until(() -> metric(pages, "limber_device_messages_rejected_total", "reason=\"duplicate\"") >= 1);
        assertEquals(1, doneCount(pages, 0), "counted once");
        assertEquals(1.0, metric(pages, "limber_device_events_accepted_total", "type=\"done\""), "accepted once");
        System.out.printf("[watch done] %d sends of one eventId over %d connections; engine count %d%n",
                tap.get("doneSends").asInt(), tap.get("connections").asInt(), doneCount(pages, 0));

        // the next step's done is a new event
        pages.post("/api/zones/main-floor/session/skip", null);
        w.waitForFunction("() => window.limberPage.sample().stepIndex === 1", null);
        assertThat(w.locator("#done")).not().hasClass(Pattern.compile("chosen"));
        w.locator("#done").click();
        Awaitility.await("second done").atMost(Duration.ofSeconds(5)).until(() -> doneCount(pages, 1) == 1);
        assertEquals(2, tap(w).get("eventIds").size(), "a new press has a new eventId");
        assertTrue(pages.pageErrors.isEmpty(), "page errors: " + pages.pageErrors);
    }

    /**
     * A man in the middle inside the page: wraps WebSocket (test instrumentation only) and reads MQTT
     * packets in both directions. It notes every QoS 1 PUBLISH of a done event and, once armed,
     * swallows the broker's PUBACK for it and drops the connection, as Wi-Fi failing at the worst
     * moment would. (Playwright's routeWebSocket would do, but its 1.52 Java client fails on close
     * events without a code.)
     */
    private static final String MQTT_TAP = """
            (() => {
              const tap = window.__tap = { connections: 0, doneSends: 0, eventIds: [], armed: false, cut: false };
              const Real = window.WebSocket;
              const reader = () => {
                let buf = new Uint8Array(0);
                return (chunk) => {
                  const joined = new Uint8Array(buf.length + chunk.length);
                  joined.set(buf); joined.set(chunk, buf.length);
                  const out = []; let pos = 0;
                  for (;;) {
                    if (joined.length - pos < 2) break;
                    let len = 0, mul = 1, i = pos + 1, complete = false;
                    while (i < joined.length && i < pos + 5) {
                      const b = joined[i++]; len += (b & 0x7f) * mul; mul *= 128;
                      if ((b & 0x80) === 0) { complete = true; break; }
                    }
                    if (!complete || joined.length - i < len) break;
                    out.push({ packet: joined.slice(pos, i + len), body: i - pos });
                    pos = i + len;
                  }
                  buf = joined.slice(pos);
                  return out;
                };
              };
              const bytesOf = (d) => d instanceof ArrayBuffer ? new Uint8Array(d)
                : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : null;
              class TapSocket extends Real {
                constructor(url, protocols) {
                  super(url, protocols);
                  tap.connections++;
                  this.__up = reader(); this.__down = reader(); this.__doneIds = new Set();
                }
                send(data) {
                  const bytes = bytesOf(data);
                  if (bytes) {
                    for (const { packet, body } of this.__up(bytes)) {
                      if ((packet[0] & 0xf0) !== 0x30) continue;
                      const qos = (packet[0] >> 1) & 3;
                      const tlen = (packet[body] << 8) | packet[body + 1];
                      const topic = new TextDecoder().decode(packet.slice(body + 2, body + 2 + tlen));
                      let i = body + 2 + tlen, id = -1;
                      if (qos > 0) { id = (packet[i] << 8) | packet[i + 1]; i += 2; }
                      const payload = new TextDecoder().decode(packet.slice(i));
                      if (topic.endsWith('/events') && payload.includes('"type":"done"')) {
                        tap.doneSends++;
                        this.__doneIds.add(id);
                        const m = payload.match(/"eventId":"([^"]+)"/);
                        if (m && !tap.eventIds.includes(m[1])) tap.eventIds.push(m[1]);
                      }
                    }
                  }
                  return super.send(data);
                }
                __filter(listener) {
                  return (ev) => {
                    const bytes = bytesOf(ev.data);
                    if (bytes) {
                      for (const { packet } of this.__down(bytes)) {
                        const id = (packet[2] << 8) | packet[3];
                        if ((packet[0] & 0xf0) === 0x40 && tap.armed && this.__doneIds.has(id)) {
                          tap.armed = false; tap.cut = true;
                          this.close(4000, 'cut');
                          return;
                        }
                      }
                    }
                    return listener.call(this, ev);
                  };
                }
                addEventListener(type, listener, options) {
                  return super.addEventListener(type, type === 'message' ? this.__filter(listener) : listener, options);
                }
                set onmessage(listener) {
                  super.onmessage = listener ? this.__filter(listener) : null;
                }
                get onmessage() {
                  return super.onmessage;
                }
              }
              window.WebSocket = TapSocket;
            })();
            """;

    // ---- helpers ----------------------------------------------------------------------------

    private static void awaitVibrations(Page p, int n, int timeoutMs) {
        p.waitForFunction("(n) => window.__vibrations.length >= n", n,
                new Page.WaitForFunctionOptions().setTimeout(timeoutMs).setPollingInterval(100));
    }

    private static List<JsonNode> vibrations(Page p) {
        List<JsonNode> out = new ArrayList<>();
        Pages.parse((String) p.evaluate("() => JSON.stringify(window.__vibrations)")).forEach(out::add);
        return out;
    }

    private static void expect(List<JsonNode> calls, JsonNode patterns, List<String> kinds) {
        List<String> got = calls.stream().map(c -> c.get("pattern").toString()).toList();
        List<String> want = kinds.stream().map(k -> patterns.get(k).toString()).toList();
        assertEquals(want, got, "vibrate patterns for " + kinds);
    }

    /**
     * How late a buzz may be and still count as "at the start of the phase". The page schedules it
     * for the phase's instant; what delays it is a busy 2-core machine running the browser, the
     * engine and the build at once (105 ms seen in CI). Phases last seconds, so a quarter second
     * still tells the right phase from a wrong one.
     */
    private static final double LATE_MS = 250;

    private static void phase(JsonNode call, String kind, int step) {
        JsonNode s = call.get("shown");
        assertEquals(kind, s.get("kind").asText(), "phase on show at the buzz: " + s);
        assertEquals(step, s.get("stepIndex").asInt(), "step on show at the buzz: " + s);
        assertTrue(s.get("elapsedMs").asDouble() < LATE_MS, "buzz at the start of the phase: " + s);
    }

    private static void warnPhase(JsonNode call) {
        JsonNode s = call.get("shown");
        assertEquals("hold", s.get("kind").asText(), "warn during a hold: " + s);
        double remaining = s.get("remainingMs").asDouble();
        assertTrue(remaining <= 5_000 && remaining > 5_000 - LATE_MS, "warn five seconds before the end: " + s);
    }

    private static JsonNode tap(Page w) {
        return Pages.parse((String) w.evaluate("() => JSON.stringify(window.__tap)"));
    }

    private static int doneCount(Pages pages, int step) {
        return pages.get("/api/zones/main-floor").get("progress").get("steps").get(step).get("done").asInt();
    }

    private static double metric(Pages pages, String name, String label) {
        double sum = 0;
        for (String line : pages.metrics().split("\n")) {
            if (line.startsWith(name + "{") && line.contains(label)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

}
