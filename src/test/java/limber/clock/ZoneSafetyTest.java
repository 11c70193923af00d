package limber.clock;

import static limber.clock.ZoneKit.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import limber.protocol.DeviceEvent.Type;

/** Pain reports on virtual time: the trainer's alert, the stop line on screens, the pause, the acknowledgement. */
class ZoneSafetyTest {
    private final ZoneKit kit = new ZoneKit();
    private final ZonePublisher out = kit.publisher();
    private final SessionRunner runner = kit.runner(out);

    private ZoneSafety safety(boolean pauseOnPain) {
        ZoneSafety s = new ZoneSafety(ZoneKit.ZONE, kit.settings.safety(), kit.time, kit.log, out, runner, pauseOnPain);
        runner.wire(s::attention, session -> { }, (session, cue) -> { });
        runner.start(kit.beginner());
        kit.time.advanceTo(ZoneKit.T0 + 3_000);
        return s;
    }

    private String sessionId() {
        return runner.session().id();
    }

    @Test
    void aPainReportAlertsTheTrainerAndPausesTheZoneWithTheStopLine() {
        ZoneSafety s = safety(true);
        s.raise(event("w1", "p1", Type.PAIN, sessionId(), 1));
        JsonNode alert = kit.last("alerts");
        assertEquals("p1", alert.get("eventId").asText());
        assertEquals(kit.settings.safety().painAlertLine(), alert.get("message").asText());
        assertEquals(runner.session().plan().step(1).name(), alert.get("stretch").asText());
        assertTrue(alert.get("needsAck").asBoolean());
        assertEquals("changed pause", kit.log.written.get(kit.log.written.size() - 1));
        JsonNode session = kit.last("session");
        assertEquals(kit.settings.safety().stopLine(), session.get("attention").get("message").asText());
        assertEquals(1, session.get("attention").get("open").asInt());
    }

    @Test
    void withoutAutoPauseTheStopLineShowsAtOnceAndTheSessionRuns() {
        ZoneSafety s = safety(false);
        s.raise(event("w1", "p1", Type.PAIN, sessionId(), 0));
        assertFalse(kit.log.written.contains("changed pause"));
        assertNotNull(kit.last("session").get("attention"));
        assertEquals("running", kit.last("session").get("status").asText());
    }

    @Test
    void theStopLineStaysUntilTheAcknowledgementIsStored() {
        ZoneSafety s = safety(false);
        s.raise(event("w1", "p1", Type.PAIN, sessionId(), 0));
        kit.log.hold = true;
        Future<Boolean> acked = s.acknowledge("p1");
        assertNotNull(s.attention(), "still open while the acknowledgement is being written");
        kit.log.completeAll();
        assertTrue(acked.result());
        assertNull(s.attention());
        assertNull(kit.last("session").get("attention"), "screens drop the stop line");
    }

    @Test
    void anAcknowledgementThatCouldNotBeStoredLeavesTheAlertOpen() {
        ZoneSafety s = safety(false);
        s.raise(event("w1", "p1", Type.PAIN, sessionId(), 0));
        kit.log.hold = true;
        Future<Boolean> acked = s.acknowledge("p1");
        kit.log.failAll("journal unreachable");
        assertTrue(acked.failed());
        assertEquals(1, s.open().size());
    }

    @Test
    void anUnknownAlertIsNotAcknowledgedAndNothingIsWritten() {
        ZoneSafety s = safety(false);
        int written = kit.log.written.size();
        assertFalse(s.acknowledge("nope").result());
        assertEquals(written, kit.log.written.size());
    }

    @Test
    void afterARestartOnlyUnacknowledgedReportsAreOpenAgain() {
        ZoneSafety s = safety(false);
        s.reopen(event("w1", "p1", Type.PAIN, sessionId(), 0), runner.session(), Set.of("p1"));
        s.reopen(event("w2", "p2", Type.PAIN, sessionId(), 1), runner.session(), Set.of("p1"));
        s.reopen(event("w3", "d1", Type.DONE, sessionId(), 1), runner.session(), Set.of());
        assertEquals(1, s.open().size());
        assertEquals("p2", s.open().get(0).get("eventId").asText());
    }

    @Test
    void aSecondReportWhilePausedDoesNotPauseAgain() {
        ZoneSafety s = safety(true);
        s.raise(event("w1", "p1", Type.PAIN, sessionId(), 0));
        kit.time.advanceTo(ZoneKit.T0 + 5_000);
        long pauses = kit.log.written.stream().filter("changed pause"::equals).count();
        s.raise(event("w2", "p2", Type.PAIN, sessionId(), 0));
        assertEquals(pauses, kit.log.written.stream().filter("changed pause"::equals).count());
        assertEquals(2, kit.last("session").get("attention").get("open").asInt());
    }
}
