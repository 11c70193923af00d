package limber.pages;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import limber.protocol.Topics;
import limber.testing.MqttProbe;

/**
 * The watch keeps an event until the engine answers it on the device's acks topic, not just until the
 * broker's PUBACK: in a cluster the engine instance that took the event from the broker can die
 * before storing it. While no answer comes, the same event (same eventId) goes out again after about
 * 3 s, then after a longer wait.
 *
 * <p>A lost answer is played by the page itself: a test hook in front of its MQTT dispatch drops
 * every message on the acks topic until told otherwise. The broker, the engine and the PUBACKs are
 * real; an MQTT subscriber on the events topic sees each send.
 */
@Timeout(120)
class EventOutboxIT {
    /** The test also answers as the engine would (late or lost messages): an engine's login. */
    @RegisterExtension
    static final PagesExtension PAGES = PagesExtension.enginePerClass(EngineStandIn.configArg());

    private static final String DEVICE = "watch-outbox";
    /** Drops acks while {@code __acks.hold}; notes the eventId of every event publish the broker PUBACKed. */
    private static final String ACK_HOOK = """
            () => {
              const link = window.limberPage.link;
              const acks = window.__acks = { hold: true, dropped: [], pubacked: [] };
              const handle = link.dispatch.bind(link);
              link.dispatch = (topic, payload) => {
                if (acks.hold && topic.endsWith('/acks')) {
                  acks.dropped.push(JSON.parse(new TextDecoder().decode(payload)).eventId);
                  return;
                }
                handle(topic, payload);
              };
              const publish = link.publish.bind(link);
              link.publish = (topic, obj, options) => {
                const sent = publish(topic, obj, options);
                if (topic.endsWith('/events')) sent.then(() => acks.pubacked.push(obj.eventId), () => {});
                return sent;
              };
            }
            """;

    @Test
    void anEventStaysUntilTheEngineAnswersAndIsResentMeanwhile(Pages pages) throws Exception {
        String events = Topics.deviceEvents(DEVICE);
        String acks = Topics.acks(DEVICE);
        try (MqttProbe spy = EngineStandIn.connect(pages.engine()).subscribe(events).subscribe(acks)) {
            Page w = pages.open(200, 200, 0, "/watch/?zone=main-floor&device=" + DEVICE);
            pages.awaitReady(w);
            w.evaluate(ACK_HOOK);
            w.locator("#join").click();

            // the broker has it (PUBACK) and the engine has answered, but the answer never reached the page
            w.waitForFunction("() => window.__acks.pubacked.length >= 1", null);
            String id = (String) w.evaluate("() => window.__acks.pubacked[0]");
            await("engine's answer").atMost(Duration.ofSeconds(10)).until(() -> answers(spy, acks, id).contains("accepted"));
            w.waitForFunction("(id) => window.__acks.dropped.includes(id)", id);
            assertEquals(Boolean.TRUE, w.evaluate("(id) => window.limberPage.outbox.isPending(id)", id),
                    "pending after the PUBACK until the engine's answer arrives");
            assertNull(w.evaluate("() => document.body.dataset.acked ?? null"), "nothing shown as answered yet");

            // re-sent with the same eventId, after about 3 s and then after a longer wait
            await("two re-sends").atMost(Duration.ofSeconds(30)).until(() -> sends(spy, events, id).size() >= 3);
            List<MqttProbe.Received> sent = sends(spy, events, id);
            long first = sent.get(1).arrivedAt() - sent.get(0).arrivedAt();
            long second = sent.get(2).arrivedAt() - sent.get(1).arrivedAt();
            System.out.printf("[watch outbox] re-sent after %d ms, then after %d ms more%n", first, second);
            assertTrue(first >= 2_000 && first < 10_000, "first re-send after " + first + " ms");
            assertTrue(second >= 4_500 && second > first, "the wait grows: " + first + " ms, then " + second + " ms");
            assertEquals(1, spy.on(events).stream().map(r -> r.json().get("eventId").asText()).distinct().count(),
                    "every send carries the same eventId");
            await("engine says duplicate").atMost(Duration.ofSeconds(10))
                    .until(() -> answers(spy, acks, id).contains("duplicate"));
            assertEquals(1, answers(spy, acks, id).stream().filter("accepted"::equals).count(), "accepted once");

            // an answer about another event changes nothing; the answer about this one ends it
            w.evaluate("() => { window.__acks.hold = false; }");
            spy.publish(acks, "{\"eventId\":\"another-event\",\"status\":\"accepted\",\"serverTime\":"
                    + System.currentTimeMillis() + "}", 1);
            spy.publish(acks, "{\"eventId\":\"" + id + "\",\"status\":\"duplicate\",\"reason\":\"duplicate\","
                    + "\"serverTime\":" + System.currentTimeMillis() + "}", 1);
            w.waitForFunction("(id) => document.body.dataset.acked === id", id);
            assertEquals(Boolean.FALSE, w.evaluate("(id) => window.limberPage.outbox.isPending(id)", id));
            assertEquals(0, ((Number) w.evaluate("() => window.limberPage.outbox.size")).intValue());
            assertEquals("[]", w.evaluate("() => localStorage.getItem('limber.outbox." + DEVICE + "')"),
                    "gone from storage too");
            assertTrue(pages.pageErrors.isEmpty(), "page errors: " + pages.pageErrors);
        }
    }

    private static List<MqttProbe.Received> sends(MqttProbe spy, String topic, String eventId) {
        return spy.on(topic).stream().filter(r -> r.json().path("eventId").asText().equals(eventId)).toList();
    }

    private static List<String> answers(MqttProbe spy, String topic, String eventId) {
        return spy.on(topic).stream().filter(r -> r.json().path("eventId").asText().equals(eventId))
                .map(r -> r.json().path("status").asText()).toList();
    }
}
