package limber.clock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import limber.routine.Phase;
import limber.routine.Plan;

/**
 * Test oracle written independently of the engine: a millisecond-by-millisecond state machine
 * (phase, elapsed, extension, paused) with no anchors and no arithmetic shortcuts. If the engine's
 * anchor maths ever drifts by a millisecond, the two disagree.
 */
final class ReferenceTimeline {
    record Expected(String kind, long at, int phaseIndex) {
    }

    private record Command(ZoneCommand command, int seconds, boolean start) {
    }

    private final Plan plan;
    private final long warnMs;
    private final long maxHoldMs;
    private final TreeMap<Long, List<Command>> pending = new TreeMap<>();
    final List<Expected> cues = new ArrayList<>();
    final List<Boolean> verdicts = new ArrayList<>();
    private long t;
    private boolean ended = true;
    private boolean paused;
    private int phase;
    private long elapsed;
    private long extra;

    ReferenceTimeline(Plan plan, long warnMs, long maxHoldMs, long startAt) {
        this.plan = plan;
        this.warnMs = warnMs;
        this.maxHoldMs = maxHoldMs;
        this.t = startAt;
    }

    boolean ended() {
        return ended;
    }

    void schedule(long effectiveAt, ZoneCommand c, int seconds) {
        pending.computeIfAbsent(effectiveAt, k -> new ArrayList<>()).add(new Command(c, seconds, false));
    }

    void scheduleStart(long effectiveAt) {
        pending.computeIfAbsent(effectiveAt, k -> new ArrayList<>()).add(new Command(null, 0, true));
    }

    /** Simulates every millisecond up to and including {@code until}. */
    void runThrough(long until) {
        for (; t <= until; t++) {
            tick();
        }
    }

    private long duration() {
        return plan.phase(phase).durationMs() + extra;
    }

    private boolean work() {
        return plan.phase(phase).kind().isWork();
    }

    private void tick() {
        boolean running = !ended && !paused;
        if (running && elapsed == duration()) {
            if (work()) {
                cue("hold_end");
            }
            if (phase == plan.phaseCount() - 1) {
                cue("session_end");
                ended = true;
            } else {
                phase++;
                elapsed = 0;
                extra = 0;
            }
        }
        Map.Entry<Long, List<Command>> due = pending.firstEntry();
        if (due != null && due.getKey() == t) {
            pending.pollFirstEntry();
            due.getValue().forEach(this::apply);
        }
        if (!ended && !paused) {
            if (elapsed == 0) {
                cue(startKind(plan.phase(phase).kind()));
            }
            if (work() && duration() > warnMs && duration() - elapsed == warnMs) {
                cue("warn");
            }
            elapsed++;
        }
    }

    private void apply(Command c) {
        if (c.start()) {
            verdicts.add(true);
            ended = false;
            paused = false;
            phase = 0;
            elapsed = 0;
            extra = 0;
            return;
        }
        if (ended) {
            verdicts.add(false);
            return;
        }
        int step = plan.phase(phase).stepIndex();
        switch (c.command()) {
            case PAUSE -> accept(!paused, () -> paused = true);
            case RESUME -> accept(paused, () -> paused = false);
            case SKIP -> accept(true, () -> {
                if (step + 1 >= plan.steps().size()) {
                    phase = plan.phaseCount() - 1;
                    cue("session_end");
                    ended = true;
                } else {
                    jump(plan.step(step + 1).firstPhase());
                }
            });
            case BACK -> accept(true, () -> jump(plan.step(Math.max(0, step - 1)).firstPhase()));
            case EXTEND -> accept(work() && duration() + c.seconds() * 1000L <= maxHoldMs,
                    () -> extra += c.seconds() * 1000L);
            case STOP -> accept(true, () -> {
                cue("session_end");
                ended = true;
            });
        }
    }

    private void jump(int to) {
        phase = to;
        elapsed = 0;
        extra = 0;
    }

    private void accept(boolean ok, Runnable change) {
        verdicts.add(ok);
        if (ok) {
            change.run();
        }
    }

    private void cue(String kind) {
        cues.add(new Expected(kind, t, phase));
    }

    private static String startKind(Phase.Kind k) {
        return switch (k) {
            case PREPARE -> "step_start";
            case HOLD, FLOW -> "hold_start";
            case SWITCH -> "switch_side";
            case REST -> "rest_start";
        };
    }
}
