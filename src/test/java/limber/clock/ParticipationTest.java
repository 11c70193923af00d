package limber.clock;

import static limber.clock.ZoneKit.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import limber.session.Session;
import limber.session.SessionCommands;

/** Device events of one zone on virtual time: validation, de-duplication, write-ahead, progress. */
class ParticipationTest {
    private final ZoneKit kit = new ZoneKit();
    private final List<DeviceEvent> painReports = new ArrayList<>();
    private Session session = session("s1");
    private final Participation p = new Participation(ZoneKit.ZONE,
            new Participation.Deps(kit.time, kit.time, kit.log, 1000, ZoneKit.COALESCE), kit.publisher(), () -> session)
            .onPain(painReports::add);

    ParticipationTest() {
        p.begin(session);
    }

    private Session session(String id) {
        return new SessionCommands(ZoneKit.LEAD, 60_000).start(id, ZoneKit.ZONE, kit.beginner(), 1, ZoneKit.T0).session();
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
    void progressIsCoalescedIntoOneMessagePerWindow() {
        int before = kit.on("progress").size();
        for (int i = 0; i < 10; i++) {
            send(event("w" + i, "e", Type.DONE, "s1", 1));
        }
        assertEquals(before, kit.on("progress").size(), "nothing until the window closes");
        kit.time.advanceTo(ZoneKit.T0 + ZoneKit.COALESCE);
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
    void joinAndLeaveCountParticipants() {
        send(event("w1", "j1", Type.JOIN, null, -1));
        send(event("w2", "j2", Type.JOIN, null, -1));
        send(event("w1", "l1", Type.LEAVE, null, -1));
        assertEquals(1, p.participants());
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
        Future<Optional<Rejection>> first = p.onEvent(event("w1", "e1", Type.DONE, "s1", 0), 0);
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
        p.onEvent(event("w1", "p1", Type.PAIN, "s1", 2), 0);
        assertEquals(List.of(), painReports);
        kit.log.completeAll();
        assertEquals(1, painReports.size());
    }

    @Test
    void anEventStillBeingWrittenWhenANewSessionBeginsDoesNotCountForIt() {
        kit.log.hold = true;
        p.onEvent(event("w1", "e1", Type.DONE, "s1", 0), 0);
        session = session("s2");
        p.begin(session);
        kit.log.completeAll();
        assertEquals(0, p.progress().doneCount(0), "s2 starts from zero");
        assertEquals("s2", kit.last("progress").get("sessionId").asText());
    }

    @Test
    void aRestoreRebuildsProgressAndTheDuplicateWindow() {
        Participation again = new Participation(ZoneKit.ZONE,
                new Participation.Deps(kit.time, kit.time, kit.log, 1000, ZoneKit.COALESCE), kit.publisher(), () -> session);
        List<DeviceEvent> pains = new ArrayList<>();
        again.restore(session, List.of(event("w1", "j", Type.JOIN, null, -1), event("w1", "e1", Type.DONE, "s1", 0),
                event("w2", "p1", Type.PAIN, "s1", 1)), List.<String[]>of(new String[] {"w1", "e1"}), pains::add);
        assertEquals(2, again.participants());
        assertEquals(1, again.progress().doneCount(0));
        assertEquals(1, pains.stream().filter(e -> e.type() == Type.PAIN).count());
        assertEquals(Optional.of(Rejection.DUPLICATE), again.onEvent(event("w1", "e1", Type.DONE, "s1", 0), 0).result());
    }
}
