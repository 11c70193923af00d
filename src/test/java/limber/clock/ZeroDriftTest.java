package limber.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import limber.config.ConfigLoader;
import limber.config.LimberConfig;
import limber.config.Settings;
import limber.metrics.EngineMetrics;
import limber.protocol.Topics;
import limber.routine.Plan;
import limber.routine.PlanCompiler;
import limber.session.CueSchedule;
import limber.session.SessionCommands;

/**
 * Sixty minutes of virtual time with a seeded random trainer (pauses, skips, backs, extends, stops
 * and restarts): every cue the zone owner publishes must carry exactly the instant an independent
 * millisecond-stepping model predicts, and must be published exactly its advance before that
 * instant. Any cumulative drift, lost or doubled cue fails the comparison.
 */
class ZeroDriftTest {
    private static final long T0 = 1_800_000_000_000L;
    private static final long HOUR = 3_600_000L;

    @Test
    void sixtyMinutesOfCommandsHaveZeroDrift() {
        Settings settings = ConfigLoader.load(new String[0], Map.of());
        long lead = settings.engine().session().leadMs();
        long warn = settings.holdPolicy().warnBeforeEndSeconds() * 1000L;
        long maxHold = settings.holdPolicy().maxHoldSeconds() * 1000L;
        int extendSeconds = settings.engine().session().extendSeconds();
        Plan plan = new PlanCompiler(settings.catalog(), settings.holdPolicy()).compile(
                settings.catalog().routine("post-workout-cooldown").orElseThrow(),
                settings.holdPolicy().resolve(45, 3, false));

        VirtualTime time = new VirtualTime(T0);
        RecordingOutbox outbox = new RecordingOutbox(time);
        long advance = ZoneServices.cueAdvanceFor(lead);
        ZoneServices svc = new ZoneServices(time, time, outbox, new SessionCommands(lead, maxHold), new CueSchedule(warn),
                new EngineMetrics(new SimpleMeterRegistry()), settings.safety(), SessionLog.NONE, 1000, advance, 100, false);
        ZoneOwner owner = new ZoneOwner(new LimberConfig.Zone("drift", "Drift"), svc);
        ReferenceTimeline model = new ReferenceTimeline(plan, warn, maxHold, T0);

        List<Boolean> engineVerdicts = new ArrayList<>();
        assertTrue(owner.handle(new ZoneCall.Start(plan)).result() instanceof ZoneResult.Applied);
        engineVerdicts.add(true);
        model.scheduleStart(T0 + lead);

        Random rnd = new Random(20261125);
        long t = T0;
        int commands = 0;
        while (t < T0 + HOUR) {
            t += 3_000 + rnd.nextInt(60_000);
            time.advanceTo(t);
            model.runThrough(t);
            ZoneResult r;
            if (model.ended()) {
                r = owner.handle(new ZoneCall.Start(plan)).result();
                model.scheduleStart(t + lead);
            } else {
                int roll = rnd.nextInt(100);
                ZoneCommand c = roll < 15 ? ZoneCommand.PAUSE : roll < 45 ? ZoneCommand.RESUME
                        : roll < 62 ? ZoneCommand.SKIP : roll < 80 ? ZoneCommand.BACK
                        : roll < 98 ? ZoneCommand.EXTEND : ZoneCommand.STOP;
                r = owner.handle(new ZoneCall.Command(c, extendSeconds)).result();
                model.schedule(t + lead, c, extendSeconds);
            }
            engineVerdicts.add(r instanceof ZoneResult.Applied);
            commands++;
        }
        long end = T0 + HOUR + 10 * 60_000L;
        time.advanceTo(end);
        model.runThrough(end);

        assertEquals(model.verdicts, engineVerdicts, "engine and model accepted and refused the same commands");
        List<ReferenceTimeline.Expected> published = new ArrayList<>();
        for (RecordingOutbox.Published p : outbox.on(Topics.cue("drift"))) {
            long at = p.json().get("at").asLong();
            assertEquals(at - advance, p.publishedAt(), "cue " + p.json() + " published off its deadline");
            published.add(new ReferenceTimeline.Expected(p.json().get("kind").asText(), at,
                    p.json().get("phaseIndex").asInt()));
        }
        List<ReferenceTimeline.Expected> expected = model.cues.stream().filter(c -> c.at() <= end).toList();
        for (int i = 0; i < Math.min(expected.size(), published.size()); i++) {
            assertEquals(expected.get(i), published.get(i), "cue #" + i + " differs from the model");
        }
        assertEquals(expected.size(), published.size(), "number of cues");
        assertTrue(commands > 60, "the script should exercise many commands, ran " + commands);
        assertTrue(expected.size() > 150, "expected many cues in an hour, model has " + expected.size());
        assertEquals(7, published.stream().map(ReferenceTimeline.Expected::kind).distinct().count(),
                "every cue kind occurs at least once");
    }
}
