package limber.routine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a routine into phases. Each step starts with PREPARE; sided stretches alternate LEFT then
 * RIGHT within each rep with a SWITCH between; reps are separated by REST. Static stretches hold for
 * the chosen hold time; dynamic ones, and every step of a before-training routine, flow for the
 * policy's flow time.
 */
public final class PlanCompiler {
    /** Enough for every routine with the options a floor uses; beyond it plans are simply not shared. */
    static final int MAX_SHARED = 256;

    private record Key(String routineId, SessionOptions options) {
    }

    private final Catalog catalog;
    private final HoldPolicy policy;
    /**
     * Plans are immutable and a floor runs a handful of routines, so sessions of the same routine and
     * options share one plan: 10,000 zones would otherwise hold 10,000 copies of the same phases.
     */
    private final Map<Key, Plan> shared = new ConcurrentHashMap<>();

    public PlanCompiler(Catalog catalog, HoldPolicy policy) {
        this.catalog = catalog;
        this.policy = policy;
    }

    /** The catalog's routines are fixed for the compiler's life, so a routine id and options name one plan. */
    public Plan compile(Routine routine, SessionOptions options) {
        Key key = new Key(routine.id(), options);
        Plan plan = shared.get(key);
        if (plan == null) {
            plan = build(routine, options);
            if (shared.size() < MAX_SHARED) {
                shared.putIfAbsent(key, plan);
            }
        }
        return plan;
    }

    private Plan build(Routine routine, SessionOptions options) {
        List<Phase> phases = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        for (int s = 0; s < routine.steps().size(); s++) {
            Stretch stretch = catalog.stretch(routine.steps().get(s));
            int first = phases.size();
            // Before training every move runs as controlled motion, never a long static hold.
            boolean flowing = stretch.style() == Stretch.Style.DYNAMIC || routine.timing() == Routine.Timing.BEFORE;
            addStep(phases, s, stretch, options, flowing);
            steps.add(new Step(s, stretch.id(), stretch.name(), stretch.how(), stretch.fallback(), stretch.sided(),
                    stretch.style(), first, phases.size() - 1));
        }
        return new Plan(routine.id(), routine.name(), options, steps, phases);
    }

    private void addStep(List<Phase> phases, int step, Stretch stretch, SessionOptions options, boolean flowing) {
        Phase.Kind work = flowing ? Phase.Kind.FLOW : Phase.Kind.HOLD;
        long workMs = seconds(flowing ? policy.flowSeconds() : options.holdSeconds());
        int reps = options.reps();
        List<Phase.Side> sides = stretch.sided() ? List.of(Phase.Side.LEFT, Phase.Side.RIGHT) : List.of(Phase.Side.NONE);
        phases.add(new Phase(phases.size(), Phase.Kind.PREPARE, step, sides.get(0), 1, reps, seconds(policy.prepareSeconds())));
        for (int rep = 1; rep <= reps; rep++) {
            if (rep > 1) {
                phases.add(new Phase(phases.size(), Phase.Kind.REST, step, sides.get(0), rep, reps, seconds(policy.restSeconds())));
            }
            for (int i = 0; i < sides.size(); i++) {
                if (i > 0) {
                    phases.add(new Phase(phases.size(), Phase.Kind.SWITCH, step, sides.get(i), rep, reps,
                            seconds(policy.switchSeconds())));
                }
                phases.add(new Phase(phases.size(), work, step, sides.get(i), rep, reps, workMs));
            }
        }
    }

    private static long seconds(int s) {
        return s * 1000L;
    }
}
