package limber.routine;

import java.util.List;

/** A routine compiled into an ordered list of phases; immutable and shared by engine and devices. */
public record Plan(String routineId, String routineName, SessionOptions options, List<Step> steps, List<Phase> phases) {

    public Plan {
        steps = List.copyOf(steps);
        phases = List.copyOf(phases);
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one phase");
        }
        for (int i = 0; i < phases.size(); i++) {
            if (phases.get(i).index() != i) {
                throw new IllegalArgumentException("phase at position " + i + " has index " + phases.get(i).index());
            }
        }
    }

    public Phase phase(int index) {
        return phases.get(index);
    }

    public int phaseCount() {
        return phases.size();
    }

    public Step step(int index) {
        return steps.get(index);
    }

    public long totalMs() {
        long sum = 0;
        for (Phase p : phases) {
            sum += p.durationMs();
        }
        return sum;
    }
}
