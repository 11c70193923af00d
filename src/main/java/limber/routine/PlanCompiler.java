package limber.routine;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a routine into phases. Each step starts with PREPARE; sided stretches alternate LEFT then
 * RIGHT within each rep with a SWITCH between; reps are separated by REST. Static stretches hold for
 * the chosen hold time; dynamic ones, and every step of a before-training routine, flow for the
 * policy's flow time.
 */
public final class PlanCompiler {
    private final Catalog catalog;
    private final HoldPolicy policy;

    public PlanCompiler(Catalog catalog, HoldPolicy policy) {
        this.catalog = catalog;
        this.policy = policy;
    }

    public Plan compile(Routine routine, SessionOptions options) {
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
