package limber.session;

import limber.routine.Phase;
import limber.routine.Plan;

/**
 * The pure function every participant computes: which phase a session is in at instant t. The
 * JavaScript twin in {@code displays/shared/timeline.js} must give identical answers on the same
 * test vectors.
 */
public final class Timeline {
    private Timeline() {
    }

    public static PhaseView phaseAt(Session session, long t) {
        Plan plan = session.plan();
        Anchor a = session.anchorAt(t);
        if (a == null) {
            Anchor first = session.anchors().get(0);
            Phase p = plan.phase(first.phaseIndex());
            return new PhaseView(PhaseView.Status.PENDING, first.phaseIndex(), p, 0, p.durationMs(), p.durationMs(), 0);
        }
        int j = a.phaseIndex();
        long extend = a.extendMs();
        long duration = plan.phase(j).durationMs() + extend;
        long elapsed = a.phaseElapsedMs();
        switch (a.status()) {
            case STOPPED:
                return terminal(PhaseView.Status.STOPPED, plan, j);
            case FINISHED:
                return terminal(PhaseView.Status.FINISHED, plan, j);
            case PAUSED:
                return new PhaseView(PhaseView.Status.PAUSED, j, plan.phase(j), elapsed, duration - elapsed, duration, extend);
            default:
                break;
        }
        elapsed += t - a.at();
        while (elapsed >= duration) {
            elapsed -= duration;
            j++;
            if (j >= plan.phaseCount()) {
                return terminal(PhaseView.Status.FINISHED, plan, plan.phaseCount() - 1);
            }
            extend = 0;
            duration = plan.phase(j).durationMs();
        }
        return new PhaseView(PhaseView.Status.RUNNING, j, plan.phase(j), elapsed, duration - elapsed, duration, extend);
    }

    private static PhaseView terminal(PhaseView.Status status, Plan plan, int j) {
        return new PhaseView(status, j, plan.phase(j), 0, 0, plan.phase(j).durationMs(), 0);
    }
}
