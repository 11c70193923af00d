package limber.session;

import java.util.List;

import limber.routine.Phase;
import limber.routine.Plan;
import limber.routine.Step;
import limber.session.CommandResult.Applied;
import limber.session.CommandResult.Reason;
import limber.session.CommandResult.Rejected;

/**
 * Trainer commands as pure functions of (session, now). Every change takes effect at
 * {@code now + leadMs} so the new session message reaches every device before the instant it
 * describes; the state a command acts on is the state at that effective instant.
 */
public final class SessionCommands {
    private final long leadMs;
    private final long maxHoldMs;

    public SessionCommands(long leadMs, long maxHoldMs) {
        if (leadMs < 0) {
            throw new IllegalArgumentException("leadMs must be >= 0, got " + leadMs);
        }
        this.leadMs = leadMs;
        this.maxHoldMs = maxHoldMs;
    }

    public long leadMs() {
        return leadMs;
    }

    /** A new session; {@code revision} continues the zone's sequence so devices see it increase. */
    public Applied start(String sessionId, String zone, Plan plan, long revision, long now) {
        long at = now + leadMs;
        Session s = new Session(sessionId, zone, revision, plan,
                List.of(new Anchor(at, Anchor.Status.RUNNING, 0, 0, 0)));
        return new Applied(s, at);
    }

    public CommandResult pause(Session s, long now) {
        long at = effectiveAt(s, now);
        PhaseView v = Timeline.phaseAt(s, at);
        if (v.status() != PhaseView.Status.RUNNING && v.status() != PhaseView.Status.PENDING) {
            return reject(v, Reason.NOT_RUNNING, "the session is not running");
        }
        return apply(s, now, new Anchor(at, Anchor.Status.PAUSED, v.phaseIndex(), v.elapsedMs(), v.extendMs()));
    }

    public CommandResult resume(Session s, long now) {
        long at = effectiveAt(s, now);
        PhaseView v = Timeline.phaseAt(s, at);
        if (v.status() != PhaseView.Status.PAUSED) {
            return reject(v, Reason.NOT_PAUSED, "the session is not paused");
        }
        return apply(s, now, new Anchor(at, Anchor.Status.RUNNING, v.phaseIndex(), v.elapsedMs(), v.extendMs()));
    }

    /** Jumps to the start of the next step; on the last step this ends the session. */
    public CommandResult skip(Session s, long now) {
        long at = effectiveAt(s, now);
        PhaseView v = Timeline.phaseAt(s, at);
        if (!v.isLive()) {
            return reject(v, Reason.ENDED, "the session has ended");
        }
        int next = v.stepIndex() + 1;
        Plan plan = s.plan();
        if (next >= plan.steps().size()) {
            return apply(s, now, new Anchor(at, Anchor.Status.FINISHED, plan.phaseCount() - 1, 0, 0));
        }
        return apply(s, now, new Anchor(at, keepStatus(v), plan.step(next).firstPhase(), 0, 0));
    }

    /** Jumps to the start of the previous step, or restarts the first step. */
    public CommandResult back(Session s, long now) {
        long at = effectiveAt(s, now);
        PhaseView v = Timeline.phaseAt(s, at);
        if (!v.isLive()) {
            return reject(v, Reason.ENDED, "the session has ended");
        }
        Step target = s.plan().step(Math.max(0, v.stepIndex() - 1));
        return apply(s, now, new Anchor(at, keepStatus(v), target.firstPhase(), 0, 0));
    }

    /** Adds time to the current hold (or flow), never beyond the policy's longest hold. */
    public CommandResult extend(Session s, long now, int seconds) {
        if (seconds <= 0 || seconds > 60) {
            return new Rejected(Reason.BAD_ARGUMENT, "extend seconds must be 1..60, got " + seconds);
        }
        long at = effectiveAt(s, now);
        PhaseView v = Timeline.phaseAt(s, at);
        if (v.status() != PhaseView.Status.RUNNING && v.status() != PhaseView.Status.PAUSED) {
            return reject(v, Reason.NOT_RUNNING, "the session is not running");
        }
        Phase p = v.phase();
        if (!p.kind().isWork()) {
            return new Rejected(Reason.NOT_A_HOLD, "only a hold can be extended; the current phase is "
                    + p.kind().name().toLowerCase());
        }
        long extended = v.durationMs() + seconds * 1000L;
        if (extended > maxHoldMs) {
            return new Rejected(Reason.EXTEND_LIMIT, "a hold may last at most " + maxHoldMs / 1000
                    + " s; it would become " + extended / 1000 + " s");
        }
        Anchor.Status status = v.status() == PhaseView.Status.PAUSED ? Anchor.Status.PAUSED : Anchor.Status.RUNNING;
        return apply(s, now, new Anchor(at, status, v.phaseIndex(), v.elapsedMs(), v.extendMs() + seconds * 1000L));
    }

    public CommandResult stop(Session s, long now) {
        long at = effectiveAt(s, now);
        PhaseView v = Timeline.phaseAt(s, at);
        if (!v.isLive()) {
            return reject(v, Reason.ENDED, "the session has already ended");
        }
        return apply(s, now, new Anchor(at, Anchor.Status.STOPPED, v.phaseIndex(), 0, 0));
    }

    private long effectiveAt(Session s, long now) {
        return Math.max(now + leadMs, s.lastAnchor().at());
    }

    private static Anchor.Status keepStatus(PhaseView v) {
        return v.status() == PhaseView.Status.PAUSED ? Anchor.Status.PAUSED : Anchor.Status.RUNNING;
    }

    private static CommandResult apply(Session s, long now, Anchor next) {
        return new Applied(s.withAnchor(next, now), next.at());
    }

    private static Rejected reject(PhaseView v, Reason reason, String message) {
        if (!v.isLive() && reason != Reason.ENDED) {
            return new Rejected(Reason.ENDED, "the session has ended");
        }
        return new Rejected(reason, message);
    }
}
