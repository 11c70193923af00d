package limber.clock;

import static limber.clock.ZoneKit.event;
import static limber.clock.ZoneKit.eventAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import limber.protocol.DeviceEvent;
import limber.protocol.DeviceEvent.Type;
import limber.protocol.Rejection;
import limber.routine.Phase;
import limber.session.Cue;
import limber.session.Session;
import limber.session.SessionCommands;

/** Device events of one zone on virtual time: admission, de-duplication, write-ahead, per-session tallies. */
class ParticipationTest {
    private static final long START = ZoneKit.T0 + ZoneKit.LEAD;
    private final ZoneKit kit = new ZoneKit();
    private final List<DeviceEvent> painReports = new ArrayList<>();
    private final Session s1 = session("s1", ZoneKit.T0);
    private final Participation p = participation();

    ParticipationTest() {
        p.onPain(painReports::add);
        p.begin(s1);
        stepStarts(s1, 0, START);
        stepStarts(s1, 1, START + 60_000);
        kit.time.advanceTo(START + 70_000);
    }

    private Participation participation() {
        return new Participation(ZoneKit.ZONE, new Participation.Deps(kit.time, kit.time, kit.log, 1000, ZoneKit.COALESCE),
                kit.publisher());
    }

    private Session session(String id, long now) {
        return new SessionCommands(ZoneKit.LEAD, 60_000).start(id, ZoneKit.ZONE, kit.beginner(), 1, now).session();
    }

    private void stepStarts(Session s, int step, long at) {
        p.cue(s, new Cue(Cue.Kind.STEP_START, at, 0, step, Phase.Side.NONE, 1));
    }

    private void ends(Session s, long at) {
        p.cue(s, new Cue(Cue.Kind.SESSION_END, at, 0, 0, Phase.Side.NONE, 1));
    }

    private Optional<Rejection> send(DeviceEvent e) {
        return p.onEvent(e, kit.time.nowMillis()).result();
    }

    @Test
    void anEventIdCountsOnce() {
        assertEquals(Optional.empty(), send(event("w1", "e1", Type.DONE, "s1", 0)));
        assertEquals(Optional.of(Rejection.DUPLICATE), send(event("w1", "e1", Type.DONE, "s1", 0)));
        assertEquals(Optional.empty(), send(event("w2", "e1", Type.DONE, "s1", 0)), "ids are per device");
        assertEquals(2, p.progress().doneCount(0));
    }

    @Test
    void anEventForAnotherSessionOrAMissingStepIsRefusedUnwritten() {
        assertEquals(Optional.of(Rejection.UNKNOWN_SESSION), send(event("w1", "e1", Type.DONE, "old", 0)));
        assertEquals(Optional.of(Rejection.UNKNOWN_STEP), send(event("w1", "e2", Type.DONE, "s1", 3)));
        assertEquals(List.of(), kit.log.written);
    }

    @Test
    void aStepThatHasNotStartedCannotBeDoneOrSkipped() {
        assertEquals(Optional.of(Rejection.FUTURE_STEP), send(event("w1", "e1", Type.DONE, "s1", 2)));
        assertEquals(Optional.of(Rejection.FUTURE_STEP), send(event("w1", "e2", Type.SKIP, "s1", 2)));
        assertEquals(List.of(), kit.log.written, "nothing written");
    }

    @Test
    void aDoneStampedBeforeItsStepStartedIsRefusedEvenIfItArrivesLater() {
        assertEquals(Optional.of(Rejection.FUTURE_STEP),
                send(eventAt("w1", "e1", Type.DONE, "s1", 1, START + 59_000)));
        assertEquals(Optional.empty(), send(eventAt("w1", "e2", Type.DONE, "s1", 1, START + 60_000)));
    }

    @Test
    void aClockFarAheadOfTheArrivalIsRefused() {
        long now = kit.time.nowMillis();
        assertEquals(Optional.of(Rejection.CLOCK_AHEAD),
                send(eventAt("w1", "e1", Type.DONE, "s1", 0, now + Admission.CLOCK_TOLERANCE_MS + 1)));
        assertEquals(Optional.empty(), send(eventAt("w1", "e2", Type.DONE, "s1", 0, now + Admission.CLOCK_TOLERANCE_MS)));
    }

    @Test
    void anEventStampedOutsideTheSessionIsRefused() {
        assertEquals(Optional.of(Rejection.FUTURE_STEP), send(eventAt("w1", "e1", Type.DONE, "s1", 0, START - 1)));
        ends(s1, START + 65_000);
        assertEquals(Optional.of(Rejection.SESSION_OVER), send(eventAt("w1", "e2", Type.DONE, "s1", 0, START + 66_000)));
        assertEquals(Optional.of(Rejection.SESSION_OVER), send(eventAt("w1", "p1", Type.PAIN, "s1", 0, START + 66_000)));
    }

    @Test
    void honestReportsResentAfterAGapCountForTheirSessionWithinTheLateWindow() {
        ends(s1, START + 65_000);
        Session s2 = session("s2", kit.time.nowMillis());
        p.begin(s2);
        kit.time.advanceTo(START + 65_000 + 10 * 60_000L);
        assertEquals(Optional.empty(), send(eventAt("w1", "late", Type.DONE, "s1", 1, START + 61_000)),
                "ten minutes after the end: the watch outbox's retention");
        assertEquals(0, p.progress().doneCount(1), "counted for s1, not for the session now running");
        assertEquals("s2", p.progress().sessionId());
        kit.time.advanceTo(START + 65_000 + Admission.LATE_WINDOW_MS + 1);
        assertEquals(Optional.of(Rejection.SESSION_OVER), send(eventAt("w1", "later", Type.DONE, "s1", 1, START + 61_000)));
    }

    @Test
    void participantsAreCountedPerSession() {
        send(event("w1", "j1", Type.JOIN, null, -1));
        send(event("w2", "d2", Type.DONE, "s1", 0));
        assertEquals(2, p.participants());
        ends(s1, START + 65_000);
        p.begin(session("s2", kit.time.nowMillis()));
        assertEquals(0, p.participants(), "a new session starts without the last one's participants");
        assertEquals(0, kit.last("progress").get("participants").asInt());
    }

    @Test
    void joinAndLeaveBelongToTheSessionRunningWhenTheyArrive() {
        send(event("w1", "j1", Type.JOIN, null, -1));
        send(event("w2", "j2", Type.JOIN, null, -1));
        send(event("w1", "l1", Type.LEAVE, null, -1));
        assertEquals(1, p.participants());
        assertTrue(kit.log.events.stream().allMatch(e -> "s1".equals(e.sessionId())), "journaled with the session");
        ends(s1, START + 65_000);
        send(event("w3", "j3", Type.JOIN, null, -1));
        assertNull(kit.log.events.get(kit.log.events.size() - 1).sessionId(), "no session runs: it counts nowhere");
    }

    @Test
    void progressIsCoalescedIntoOneMessagePerWindow() {
        int before = kit.on("progress").size();
        for (int i = 0; i < 10; i++) {
            send(event("w" + i, "e", Type.DONE, "s1", 1));
        }
        assertEquals(before, kit.on("progress").size(), "nothing until the window closes");
        kit.time.advanceTo(kit.time.nowMillis() + ZoneKit.COALESCE);
        assertEquals(before + 1, kit.on("progress").size());
        JsonNode last = kit.last("progress");
        assertEquals(10, last.get("steps").get(1).get("done").asInt());
        assertEquals(10, last.get("participants").asInt());
    }

    @Test
    void aDeviceEndsInTheLastStateItReported() {
        send(event("w1", "e1", Type.DONE, "s1", 0));
        send(event("w1", "e2", Type.SKIP, "s1", 0));
        assertEquals(0, p.progress().doneCount(0));
        assertEquals(1, p.progress().counts().get(0).skipped());
    }

    @Test
    void theParticipantTableIsBounded() {
        for (int i = 0; i < 2000; i++) {
            assertEquals(Optional.empty(), send(event("w" + i, "j", Type.JOIN, null, -1)));
        }
        assertEquals(Optional.of(Rejection.BAD_VALUE), send(event("one-too-many", "j", Type.JOIN, null, -1)));
        assertEquals(Optional.empty(), send(event("w7", "j-again", Type.JOIN, null, -1)), "a known device may rejoin");
    }

    @Test
    void anEventThatCouldNotBeStoredIsTakenWhenTheDeviceSendsItAgain() {
        kit.log.hold = true;
        Future<Optional<Rejection>> first = p.onEvent(event("w1", "e1", Type.DONE, "s1", 0), kit.time.nowMillis());
        kit.log.failAll("journal unreachable");
        assertTrue(first.failed());
        assertEquals(0, p.progress().doneCount(0), "not applied");
        kit.log.hold = false;
        assertEquals(Optional.empty(), send(event("w1", "e1", Type.DONE, "s1", 0)));
        assertEquals(1, p.progress().doneCount(0));
    }

    @Test
    void aPainReportIsPassedOnOnlyOnceStored() {
        kit.log.hold = true;
        p.onEvent(event("w1", "p1", Type.PAIN, "s1", 1), kit.time.nowMillis());
        assertEquals(List.of(), painReports);
        kit.log.completeAll();
        assertEquals(1, painReports.size());
    }

    @Test
    void anEventStillBeingWrittenWhenANewSessionBeginsCountsForItsOwnSession() {
        kit.log.hold = true;
        p.onEvent(event("w1", "e1", Type.DONE, "s1", 0), kit.time.nowMillis());
        p.begin(session("s2", kit.time.nowMillis()));
        kit.log.completeAll();
        assertEquals(0, p.progress().doneCount(0), "s2 starts from zero");
        assertEquals("s2", kit.last("progress").get("sessionId").asText());
    }

    @Test
    void aRestoreRebuildsTheTallyAndTheDuplicateWindow() {
        Participation again = participation();
        List<DeviceEvent> pains = new ArrayList<>();
        again.restore(s1, List.of(event("w1", "j", Type.JOIN, "s1", -1), event("w1", "e1", Type.DONE, "s1", 0),
                event("w2", "p1", Type.PAIN, "s1", 1)), List.<String[]>of(new String[] {"w1", "e1"}), pains::add);
        assertEquals(2, again.participants());
        assertEquals(1, again.progress().doneCount(0));
        assertEquals(1, pains.stream().filter(e -> e.type() == Type.PAIN).count());
        assertEquals(Optional.of(Rejection.DUPLICATE),
                again.onEvent(event("w1", "e1", Type.DONE, "s1", 0), kit.time.nowMillis()).result());
    }
}
