package limber.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import limber.devices.DeviceInbox;
import limber.devices.DeviceRateLimit;
import limber.devices.Presence;
import limber.protocol.DeviceEventParser;
import limber.protocol.Topics;

/**
 * A page that syncs hard (a burst of pings on every reconnect, a heartbeat twice a second) must never
 * use up the budget its watch's events need: pings and events are limited separately per device.
 */
class PingBudgetTest {
    private final ZoneKit kit = new ZoneKit();
    private final ZoneOwner owner = new ZoneOwner(kit.zone, kit.services(true));
    private final DeviceInbox inbox = new DeviceInbox(new LocalZoneRoutes(Map.of(ZoneKit.ZONE, owner)),
            new DeviceEventParser(2048), new Presence(100), kit.outbox, kit.time, kit.metrics,
            new DeviceRateLimit(20, 60), new DeviceRateLimit(10, 20));

    @Test
    void aFloodOfPingsLeavesTheEventsBudgetWhole() {
        owner.handle(new ZoneCall.Start(kit.beginner()));
        kit.time.advanceTo(ZoneKit.T0 + 5_000);
        long now = kit.time.nowMillis();
        for (int i = 0; i < 100; i++) {
            inbox.onPing(Topics.ping("watch-1"), ("{\"t0\":" + i + "}").getBytes(StandardCharsets.UTF_8), now * 1000, () -> { });
        }
        assertEquals(20, kit.outbox.on(Topics.pong("watch-1")).size(), "pings get their own burst of 20");
        assertEquals(80.0, kit.registry.counter("limber.device.messages.rejected", "topic", "ping", "reason", "rate_limited")
                .count());
        String done = "{\"eventId\":\"e1\",\"type\":\"done\",\"zone\":\"" + ZoneKit.ZONE + "\",\"sessionId\":\""
                + owner.session().id() + "\",\"stepIndex\":0}";
        inbox.onEvent(Topics.deviceEvents("watch-1"), done.getBytes(StandardCharsets.UTF_8), now, () -> { });
        assertEquals("accepted", kit.outbox.on(Topics.acks("watch-1")).get(0).json().get("status").asText(),
                "the watch's event still counts");
    }
}
