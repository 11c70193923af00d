package limber.session;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import limber.routine.Phase;
import limber.routine.Plan;

/**
 * Derives cues from a session's anchors. Each cue instant belongs to exactly one anchor segment:
 * phase starts and warnings to {@code [at, nextAt)}, phase ends to {@code (at, nextAt]}. A boundary
 * that coincides with a command therefore yields its end cue once and its start cue once.
 */
public final class CueSchedule {
    private final long warnMs;

    public CueSchedule(long warnBeforeEndMs) {
        this.warnMs = warnBeforeEndMs;
    }

    /** Cues with {@code from < at <= to}, in order. */
    public List<Cue> between(Session s, long from, long to) {
        List<Cue> out = new ArrayList<>();
        collect(s, from, to, Integer.MAX_VALUE, out);
        return out;
    }

    /** Instant of the first cue after {@code t}, if the session has any left. */
    public OptionalLong nextAfter(Session s, long t) {
        List<Cue> out = new ArrayList<>(1);
        collect(s, t, Long.MAX_VALUE, 1, out);
        return out.isEmpty() ? OptionalLong.empty() : OptionalLong.of(out.get(0).at());
    }

    private void collect(Session s, long from, long to, int limit, List<Cue> out) {
        List<Anchor> anchors = s.anchors();
        for (int k = 0; k < anchors.size() && out.size() < limit; k++) {
            Anchor a = anchors.get(k);
            long segEnd = k + 1 < anchors.size() ? anchors.get(k + 1).at() : Long.MAX_VALUE;
            if (segEnd < from) {
                continue;
            }
            new Segment(s.plan(), a, segEnd, from, to, limit, out).emit();
        }
    }

    private final class Segment {
        private final Plan plan;
        private final Anchor a;
        private final long segEnd;
        private final long from;
        private final long to;
        private final int limit;
        private final List<Cue> out;

        Segment(Plan plan, Anchor a, long segEnd, long from, long to, int limit, List<Cue> out) {
            this.plan = plan;
            this.a = a;
            this.segEnd = segEnd;
            this.from = from;
            this.to = to;
            this.limit = limit;
            this.out = out;
        }

        void emit() {
            switch (a.status()) {
                case PAUSED:
                    return;
                case STOPPED:
                case FINISHED:
                    Phase last = plan.phase(a.phaseIndex());
                    startCue(Cue.Kind.SESSION_END, a.at(), last);
                    return;
                default:
                    running();
            }
        }

        private void running() {
            long start = a.at() - a.phaseElapsedMs();
            for (int j = a.phaseIndex(); j < plan.phaseCount(); j++) {
                Phase p = plan.phase(j);
                long end = start + p.durationMs() + (j == a.phaseIndex() ? a.extendMs() : 0);
                if (start >= segEnd || start > to || out.size() >= limit) {
                    return;
                }
                startCue(startKind(p), start, p);
                if (p.kind().isWork() && warnMs > 0 && end - warnMs > start) {
                    startCue(Cue.Kind.WARN, end - warnMs, p);
                }
                if (p.kind().isWork()) {
                    endCue(Cue.Kind.HOLD_END, end, p);
                }
                if (j == plan.phaseCount() - 1) {
                    endCue(Cue.Kind.SESSION_END, end, p);
                }
                start = end;
            }
        }

        private void startCue(Cue.Kind kind, long at, Phase p) {
            if (at >= a.at() && at < segEnd) {
                add(kind, at, p);
            }
        }

        private void endCue(Cue.Kind kind, long at, Phase p) {
            if (at > a.at() && at <= segEnd) {
                add(kind, at, p);
            }
        }

        private void add(Cue.Kind kind, long at, Phase p) {
            if (at > from && at <= to && out.size() < limit) {
                out.add(new Cue(kind, at, p.index(), p.stepIndex(), p.side(), p.rep()));
            }
        }
    }

    static Cue.Kind startKind(Phase p) {
        return switch (p.kind()) {
            case PREPARE -> Cue.Kind.STEP_START;
            case HOLD, FLOW -> Cue.Kind.HOLD_START;
            case SWITCH -> Cue.Kind.SWITCH_SIDE;
            case REST -> Cue.Kind.REST_START;
        };
    }
}
