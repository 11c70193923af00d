package limber.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import limber.protocol.Topics;
import limber.routine.Plan;
import limber.session.CommandResult;

/** The timeline part of a zone on virtual time: write-ahead, ordering, cue deadlines, hand-over. */
class SessionRunnerTest {
    private final ZoneKit kit = new ZoneKit();
    private final ZonePublisher out = kit.publisher();
    private final SessionRunner runner = kit.runner(out);

    @Test
    void aStartIsAppliedOnlyOnceTheLogHasIt() {
        kit.log.hold = true;
        Future<CommandResult> started = runner.start(kit.beginner());
        assertNull(runner.session(), "nothing applied before the log has it");
        assertTrue(kit.on("session").isEmpty(), "nothing published before the log has it");
        kit.log.completeAll();
        CommandResult.Applied a = assertInstanceOf(CommandResult.Applied.class, started.result());
        assertEquals(ZoneKit.T0 + ZoneKit.LEAD, a.effectiveAt());
        JsonNode msg = kit.last("session");
        assertEquals(a.session().id(), msg.get("sessionId").asText());
        assertEquals(1, msg.get("revision").asLong());
        assertEquals(7, msg.get("epoch").asLong(), "the owner's epoch goes into the session message");
    }

    @Test
    void aStartTheLogRefusesIsNeverApplied() {
        kit.log.hold = true;
        Future<CommandResult> started = runner.start(kit.beginner());
        kit.log.failAll("disk full");
        assertTrue(started.failed());
        assertNull(runner.session());
        kit.time.advanceTo(ZoneKit.T0 + 600_000);
        assertTrue(kit.on("cue").isEmpty(), "no cue of a session that was never stored");
    }

    @Test
    void theFirstCueGoesOutItsAdvanceBeforeItsInstant() {
        runner.start(kit.beginner());
        kit.time.advanceTo(ZoneKit.T0 + 1_000);
        List<RecordingOutbox.Published> cues = kit.outbox.on(Topics.cue(ZoneKit.ZONE));
        assertEquals("step_start", cues.get(0).json().get("kind").asText());
        assertEquals(ZoneKit.T0 + ZoneKit.LEAD, cues.get(0).json().get("at").asLong());
        assertOnItsDeadline(cues.get(0));
    }

    /** Its advance before its instant, or up to one grid step earlier (the zones' cue timers share a grid). */
    private void assertOnItsDeadline(RecordingOutbox.Published p) {
        long due = p.json().get("at").asLong() - ZoneKit.ADVANCE;
        assertTrue(p.publishedAt() <= due && p.publishedAt() >= due - kit.grid.earlyMs(),
                "published at " + p.publishedAt() + ", due " + due + ": " + p.json());
    }

    @Test
    void commandsOfOneZoneAreWrittenAndAppliedStrictlyInOrder() {
        runner.start(kit.beginner());
        kit.time.advanceTo(ZoneKit.T0 + 5_000);
        kit.log.hold = true;
        Future<CommandResult> pause = runner.command(ZoneCommand.PAUSE, 0);
        Future<CommandResult> resume = runner.command(ZoneCommand.RESUME, 0);
        assertEquals("changed pause", kit.log.written.get(kit.log.written.size() - 1),
                "the resume waits until the pause is stored");
        kit.log.completeAll();
        assertInstanceOf(CommandResult.Applied.class, pause.result());
        assertEquals("changed resume", kit.log.written.get(kit.log.written.size() - 1));
        kit.log.completeAll();
        assertInstanceOf(CommandResult.Applied.class, resume.result());
        assertEquals(3, runner.session().revision(), "start, pause, resume");
    }

    @Test
    void aRetiredRunnerRefusesCommandsAndPublishesNothing() {
        runner.start(kit.beginner());
        out.retire();
        runner.cancelTimer();
        int published = kit.outbox.messages.size();
        assertTrue(runner.command(ZoneCommand.SKIP, 0).failed(), "a zone that moved on takes no command");
        kit.time.advanceTo(ZoneKit.T0 + 600_000);
        runner.publishSession(kit.time.nowMillis());
        assertEquals(published, kit.outbox.messages.size());
    }

    @Test
    void cuesDueWhileOwnershipIsUnsureArePassedOverNotSentLate() {
        runner.start(kit.plan("beginner", 20, 2));
        kit.mayPublish = false;
        kit.time.advanceTo(ZoneKit.T0 + 30_000);
        assertTrue(kit.on("cue").isEmpty());
        kit.mayPublish = true;
        kit.time.advanceTo(ZoneKit.T0 + 60_000);
        for (RecordingOutbox.Published p : kit.outbox.on(Topics.cue(ZoneKit.ZONE))) {
            assertOnItsDeadline(p);
            assertTrue(p.json().get("at").asLong() > ZoneKit.T0 + 30_000, "not a passed-over cue: " + p.json());
        }
        assertTrue(!kit.on("cue").isEmpty(), "cues flow again once ownership is confirmed");
    }

    @Test
    void aSuccessorContinuesFromTheHandedCursorWithoutRepeatingOrSkippingACue() {
        Plan plan = kit.plan("beginner", 20, 2);
        ZoneKit whole = new ZoneKit();
        SessionRunner alone = whole.runner(whole.publisher());
        alone.start(plan);
        whole.time.advanceTo(ZoneKit.T0 + 600_000);

        runner.start(plan);
        kit.time.advanceTo(ZoneKit.T0 + 47_000);
        out.retire();
        runner.cancelTimer();
        SessionRunner next = kit.runner(kit.publisher());
        next.load(runner.session(), OptionalLong.of(runner.cursor()));
        next.resume(true);
        kit.time.advanceTo(ZoneKit.T0 + 600_000);

        assertEquals(cues(whole.on("cue")), cues(kit.on("cue")), "one run's cues, split between two owners");
    }

    @Test
    void aCueDueWhileTheZoneWasRestoredGoesOutAsACatchUpNotAsDeadlineLateness() {
        Plan plan = kit.plan("beginner", 20, 2);
        ZoneKit whole = new ZoneKit();
        whole.runner(whole.publisher()).start(plan);
        whole.time.advanceTo(ZoneKit.T0 + 60_000);
        long instant = whole.on("cue").get(1).get("at").asLong();

        runner.start(plan);
        kit.time.advanceTo(instant - 200);
        out.retire(); // the first owner dies before the cue's publish instant
        runner.cancelTimer();
        kit.time.advanceTo(instant - 60); // and its successor restores the zone after it
        SessionRunner restarted = kit.runner(kit.publisher());
        restarted.load(runner.session(), OptionalLong.empty());
        restarted.resume(true);
        kit.time.advanceTo(ZoneKit.T0 + 60_000);

        RecordingOutbox.Published caught = kit.outbox.on(Topics.cue(ZoneKit.ZONE)).stream()
                .filter(p -> p.json().get("at").asLong() == instant).findFirst().orElseThrow();
        assertEquals(instant - 60, caught.publishedAt(), "published as soon as the zone runs again");
        assertEquals(1.0, kit.registry.get("limber.cues.caught.up").counter().count());
        Timer lateness = kit.registry.get("limber.deadline.lateness").timer();
        assertEquals(kit.on("cue").size() - 1, lateness.count(), "every other cue is timed");
        assertEquals(0.0, lateness.max(TimeUnit.MILLISECONDS), "on virtual time every other cue is on its deadline");
    }

    @Test
    void afterALongOutageARunningSessionIsPausedForTheTrainer() {
        runner.start(kit.beginner());
        kit.time.advanceTo(ZoneKit.T0 + 10_000);
        SessionRunner restarted = kit.runner(kit.publisher());
        restarted.load(runner.session(), OptionalLong.empty());
        restarted.resume(false);
        assertEquals("changed pause", kit.log.written.get(kit.log.written.size() - 1));
        JsonNode anchors = kit.last("session").get("anchors");
        assertEquals("paused", anchors.get(anchors.size() - 1).get("status").asText(), "paused from its lead on");
    }

    @Test
    void theEndIsJournaledAndTheRetainedStatusRefreshedOnceItHasPassed() {
        runner.start(kit.beginner());
        runner.command(ZoneCommand.STOP, 0);
        long endAt = ZoneKit.T0 + ZoneKit.LEAD;
        kit.time.advanceTo(ZoneKit.T0 + 5_000);
        assertEquals("ended stopped", kit.log.written.get(kit.log.written.size() - 1));
        RecordingOutbox.Published last = kit.outbox.on(Topics.session(ZoneKit.ZONE))
                .get(kit.outbox.on(Topics.session(ZoneKit.ZONE)).size() - 1);
        assertEquals("stopped", last.json().get("status").asText());
        assertEquals(endAt, last.publishedAt(), "republished at the end instant");
    }

    @Test
    void aHandOverWaitsForTheNextPhaseBoundary() {
        assertEquals(ZoneKit.T0, runner.nextBoundary(ZoneKit.T0), "nothing running: now");
        runner.start(kit.beginner());
        long t = ZoneKit.T0 + 2_000;
        long boundary = runner.nextBoundary(t);
        assertTrue(boundary > t);
        assertEquals(runner.phaseAt(t).remainingMs(), boundary - t);
    }

    private static List<String> cues(List<JsonNode> cues) {
        List<String> out = new ArrayList<>();
        cues.forEach(c -> out.add(c.get("kind").asText() + "@" + c.get("at").asLong() + "#" + c.get("phaseIndex")));
        return out;
    }
}
