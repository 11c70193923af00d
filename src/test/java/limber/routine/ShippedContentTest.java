package limber.routine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import limber.config.ConfigLoader;
import limber.config.Settings;

/** The shipped catalog carries the article's facts, and plans compile the way the hold policy says. */
class ShippedContentTest {
    private final Settings settings = ConfigLoader.load(new String[0], Map.of());
    private final Catalog catalog = settings.catalog();
    private final HoldPolicy policy = settings.holdPolicy();
    private final PlanCompiler compiler = new PlanCompiler(catalog, policy);

    @Test
    void catalogHasAllElevenStretchesAndFourRoutines() {
        assertEquals(11, catalog.stretches().size());
        assertEquals(List.of("knee-to-chest", "supine-twist", "cat-cow", "hamstring-stretch", "glute-piriformis"),
                catalog.routine("lower-back-relief").orElseThrow().steps());
        assertEquals(6, catalog.routine("post-workout-cooldown").orElseThrow().steps().size());
        assertEquals(Routine.Timing.BEFORE, catalog.routine("dynamic-warm-up").orElseThrow().timing());
        assertTrue(catalog.routine("beginner").orElseThrow().steps().stream()
                .allMatch(id -> catalog.stretch(id).beginner()), "beginner routine uses beginner-suitable stretches");
        assertEquals(Stretch.Style.DYNAMIC, catalog.stretch("cat-cow").style());
        assertTrue(catalog.stretch("reverse-prayer").fallback().toLowerCase().contains("elbow"));
    }

    @Test
    void sessionsOfTheSameRoutineAndOptionsShareOnePlan() {
        Routine r = catalog.routine("lower-back-relief").orElseThrow();
        SessionOptions twenty = policy.resolve(20, null, false);
        Plan a = compiler.compile(r, twenty);
        assertSame(a, compiler.compile(r, policy.resolve(20, null, false)), "same routine and options: one plan");
        Plan longer = compiler.compile(r, policy.resolve(30, null, false));
        assertNotSame(a, longer);
        assertEquals(30_000, longer.phases().stream().filter(p -> p.kind() == Phase.Kind.HOLD).findFirst()
                .orElseThrow().durationMs(), "other options: their own plan");
        assertNotSame(a, compiler.compile(catalog.routine("beginner").orElseThrow(), twenty));
        assertEquals(a, new PlanCompiler(catalog, policy).compile(r, twenty), "a shared plan equals a fresh one");
    }

    @Test
    void thePainAlertSaysStopWhileTheZonePausesAndTheScreensSayStop() {
        String alert = settings.safety().painAlertLine().toLowerCase(Locale.ROOT);
        assertTrue(settings.engine().session().pauseOnPain(), "shipped: a pain report pauses the zone");
        assertFalse(alert.contains("carry on") || alert.contains("continue"), "never tell people to go on: " + alert);
        assertTrue(alert.contains("stop") && alert.contains("paused"), "say what happens: " + alert);
    }

    @Test
    void holdPolicyFollowsTheArticle() {
        assertEquals(30, policy.defaultHoldSeconds());
        assertEquals(20, policy.minHoldSeconds());
        assertEquals(60, policy.maxHoldSeconds());
        assertEquals(2, policy.minReps());
        assertEquals(4, policy.maxReps());
        SessionOptions lowFlex = policy.resolve(null, null, true);
        assertEquals(20, lowFlex.holdSeconds(), "a low-flexibility day takes the short end");
        assertThrows(InvalidOptionException.class, () -> policy.resolve(19, null, false));
        assertThrows(InvalidOptionException.class, () -> policy.resolve(61, null, false));
        assertThrows(InvalidOptionException.class, () -> policy.resolve(null, 5, false));
        assertThrows(InvalidOptionException.class, () -> policy.resolve(45, null, true));
    }

    @Test
    void sidedStaticStretchAlternatesSidesWithSwitchAndRest() {
        Routine r = new Routine("t", "T", "", Routine.Timing.AFTER, List.of("pigeon-twist"));
        Plan plan = compiler.compile(r, policy.resolve(40, 2, false));
        assertEquals(List.of("PREPARE/LEFT", "HOLD/LEFT", "SWITCH/RIGHT", "HOLD/RIGHT", "REST/LEFT", "HOLD/LEFT",
                "SWITCH/RIGHT", "HOLD/RIGHT"), plan.phases().stream().map(p -> p.kind() + "/" + p.side()).toList());
        assertEquals(40_000, plan.phase(1).durationMs());
        assertEquals(policy.prepareSeconds() * 1000L, plan.phase(0).durationMs());
        assertEquals(policy.switchSeconds() * 1000L, plan.phase(2).durationMs());
        assertEquals(2, plan.phase(5).rep());
    }

    @Test
    void dynamicMovesAndWarmUpsFlowInsteadOfHolding() {
        Plan warmUp = compiler.compile(catalog.routine("dynamic-warm-up").orElseThrow(), policy.resolve(null, null, false));
        assertTrue(warmUp.phases().stream().noneMatch(p -> p.kind() == Phase.Kind.HOLD), "no static holds before training");
        Plan cool = compiler.compile(catalog.routine("lower-back-relief").orElseThrow(), policy.resolve(null, 3, false));
        Step catCow = cool.steps().get(2);
        assertEquals("cat-cow", catCow.stretchId());
        assertEquals(Phase.Kind.FLOW, cool.phase(catCow.firstPhase() + 1).kind());
        assertEquals(Phase.Side.NONE, cool.phase(catCow.firstPhase() + 1).side());
        assertEquals(cool.phaseCount() - 1, cool.steps().get(cool.steps().size() - 1).lastPhase());
    }
}
