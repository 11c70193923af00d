package limber.clock;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import limber.protocol.DeviceEvent;
import limber.protocol.Topics;

/**
 * Whatever a trainer does (pause, skip, back, extend, stop, start again) and whatever devices send
 * (any step, any claimed instant, early or late), no done or skip is ever stored for a step before
 * that step started, nor dated later than its arrival allows. The record it is checked against is
 * what the zone itself published: the step_start cues.
 */
class AdmissionPropertiesTest {

    /** One scripted moment: wait, then either a trainer command or a device event. */
    record Action(int waitMs, int command, int step, int atOffsetMs, int device) {
    }

    @Property(tries = 150)
    void noDoneOrSkipCountsBeforeItsStepStarted(@ForAll("scripts") List<Action> script) {
        ZoneKit kit = new ZoneKit();
        ZoneOwner owner = new ZoneOwner(kit.zone, kit.services(false));
        owner.handle(new ZoneCall.Start(kit.plan("beginner", 20, 2)));
        int n = 0;
        for (Action a : script) {
            kit.time.advanceTo(kit.time.nowMillis() + a.waitMs());
            long now = kit.time.nowMillis();
            if (a.command() >= 0) {
                if (owner.session() != null && !owner.runner().phaseAt(now).isLive()) {
                    owner.handle(new ZoneCall.Start(kit.plan("beginner", 20, 2)));
                } else {
                    ZoneCommand c = ZoneCommand.values()[a.command() % ZoneCommand.values().length];
                    owner.handle(new ZoneCall.Command(c, 10));
                }
            } else {
                DeviceEvent.Type type = a.step() % 2 == 0 ? DeviceEvent.Type.DONE : DeviceEvent.Type.SKIP;
                owner.handle(new ZoneCall.Event(new DeviceEvent("w" + a.device(), "e" + n++, type, ZoneKit.ZONE,
                        owner.session().id(), a.step() % 3, now + a.atOffsetMs()), now));
            }
        }
        Map<String, Long> firstStart = new HashMap<>();
        for (RecordingOutbox.Published p : kit.outbox.on(Topics.cue(ZoneKit.ZONE))) {
            JsonNode c = p.json();
            if (c.get("kind").asText().equals("step_start")) {
                firstStart.merge(c.get("sessionId").asText() + "#" + c.get("stepIndex").asInt(), c.get("at").asLong(),
                        Math::min);
            }
        }
        // guards the property: most scripts must store some completions, or it would check nothing
        Statistics.collect(kit.log.events.isEmpty() ? "nothing stored" : "completions stored");
        Statistics.coverage(c -> c.check("completions stored").percentage(p -> p > 50));
        for (DeviceEvent e : kit.log.events) {
            Long started = firstStart.get(e.sessionId() + "#" + e.stepIndex());
            assertTrue(started != null && started <= e.at(), "stored " + e + " but its step started at " + started);
        }
    }

    @Provide
    Arbitrary<List<Action>> scripts() {
        Arbitrary<Action> action = Combinators.combine(
                Arbitraries.integers().between(0, 15_000),
                Arbitraries.integers().between(-8, 5),
                Arbitraries.integers().between(0, 20),
                Arbitraries.integers().between(-60_000, 5_000),
                Arbitraries.integers().between(0, 4)).as(Action::new);
        return action.list().ofMinSize(10).ofMaxSize(80);
    }
}
