package limber.clock;

import static limber.clock.ZoneKit.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import limber.protocol.DeviceEvent.Type;
import limber.session.CommandResult;

/** Typed zone calls against a composed zone owner: what each call comes to. */
class ZoneOwnerTest {
    private final ZoneKit kit = new ZoneKit();
    private final ZoneOwner owner = new ZoneOwner(kit.zone, kit.services(true), 3);

    private ZoneResult call(ZoneCall c) {
        return owner.handle(c).result();
    }

    @Test
    void anIdleZoneReportsItsStateAndRefusesCommands() {
        ObjectNode state = assertInstanceOf(ZoneResult.State.class, call(new ZoneCall.ReadState())).state();
        assertEquals("idle", state.get("status").asText());
        assertEquals(0, state.get("participants").asInt());
        ZoneResult.Refused r = assertInstanceOf(ZoneResult.Refused.class,
                call(new ZoneCall.Command(ZoneCommand.PAUSE, 0)));
        assertEquals(CommandResult.Reason.NOT_RUNNING, r.reason());
    }

    @Test
    void aStartedZoneShowsWhatIsOnScreenNow() {
        ZoneResult.Applied a = assertInstanceOf(ZoneResult.Applied.class, call(new ZoneCall.Start(kit.beginner())));
        assertEquals(ZoneKit.T0 + ZoneKit.LEAD, a.effectiveAt());
        kit.time.advanceTo(ZoneKit.T0 + 1_000);
        ObjectNode state = ((ZoneResult.State) call(new ZoneCall.ReadState())).state();
        assertEquals("running", state.get("now").get("status").asText());
        assertEquals(kit.beginner().step(0).name(), state.get("now").get("stretch").asText());
        assertEquals(3, state.get("epoch").asLong());
        assertTrue(state.get("progress").get("steps").isArray());
    }

    @Test
    void aSecondStartIsRefusedAsBusy() {
        call(new ZoneCall.Start(kit.beginner()));
        ZoneResult.Refused r = assertInstanceOf(ZoneResult.Refused.class, call(new ZoneCall.Start(kit.beginner())));
        assertEquals(CommandResult.Reason.BUSY, r.reason());
    }

    @Test
    void aChangeTheJournalRefusesComesBackAsStoreFailed() {
        kit.log.hold = true;
        var pending = owner.handle(new ZoneCall.Start(kit.beginner()));
        kit.log.failAll("disk full");
        assertTrue(((ZoneResult.StoreFailed) pending.result()).message().contains("disk full"));
    }

    @Test
    void painAlertsAreListedAndAcknowledgedByEventId() {
        call(new ZoneCall.Start(kit.beginner()));
        String sessionId = owner.session().id();
        kit.time.advanceTo(ZoneKit.T0 + 2_000);
        ZoneResult.EventOutcome stored = assertInstanceOf(ZoneResult.EventOutcome.class,
                call(new ZoneCall.Event(event("w1", "p1", Type.PAIN, sessionId, 0), kit.time.nowMillis())));
        assertEquals(Optional.empty(), stored.rejection());
        assertEquals(1, ((ZoneResult.Alerts) call(new ZoneCall.ListAlerts())).alerts().size());
        assertInstanceOf(ZoneResult.UnknownAlert.class, call(new ZoneCall.AcknowledgeAlert("p2")));
        assertInstanceOf(ZoneResult.State.class, call(new ZoneCall.AcknowledgeAlert("p1")));
        assertEquals(0, ((ZoneResult.Alerts) call(new ZoneCall.ListAlerts())).alerts().size());
    }

    @Test
    void aRetiredOwnerTakesNoEventAndNoCommand() {
        call(new ZoneCall.Start(kit.beginner()));
        String sessionId = owner.session().id();
        owner.retire();
        assertTrue(owner.handle(new ZoneCall.Event(event("w1", "e1", Type.DONE, sessionId, 0), 0)).failed(),
                "the device gets no ack and sends it to the new owner");
        assertInstanceOf(ZoneResult.StoreFailed.class, call(new ZoneCall.Command(ZoneCommand.SKIP, 0)));
    }
}
