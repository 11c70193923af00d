package limber.clock;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import limber.protocol.DeviceEvent;
import limber.protocol.StepCounts;

/**
 * Who did what in the current session of one zone. A device counts once per step however many
 * done presses arrive; a device that reports done after a skip (or the other way round) ends up in
 * the last state it reported.
 */
public final class ZoneProgress {
    private final String sessionId;
    private final List<Set<String>> done = new ArrayList<>();
    private final List<Set<String>> skipped = new ArrayList<>();
    private final List<Set<String>> pain = new ArrayList<>();
    private long seq;

    public ZoneProgress(String sessionId, int steps) {
        this.sessionId = sessionId;
        for (int i = 0; i < steps; i++) {
            done.add(new LinkedHashSet<>());
            skipped.add(new LinkedHashSet<>());
            pain.add(new LinkedHashSet<>());
        }
    }

    public String sessionId() {
        return sessionId;
    }

    public int steps() {
        return done.size();
    }

    /** Applies an already validated done, skip or pain event. */
    public void apply(DeviceEvent e) {
        seq++;
        String d = e.deviceId();
        switch (e.type()) {
            case DONE -> {
                skipped.get(e.stepIndex()).remove(d);
                done.get(e.stepIndex()).add(d);
            }
            case SKIP -> {
                done.get(e.stepIndex()).remove(d);
                skipped.get(e.stepIndex()).add(d);
            }
            case PAIN -> pain.get(e.stepIndex()).add(d);
            default -> throw new IllegalArgumentException("not a step event: " + e.type());
        }
    }

    public int doneCount(int step) {
        return done.get(step).size();
    }

    public long seq() {
        return seq;
    }

    /** Per-step counts, in step order, as the progress message carries them. */
    public List<StepCounts> counts() {
        List<StepCounts> out = new ArrayList<>(done.size());
        for (int i = 0; i < done.size(); i++) {
            out.add(new StepCounts(i, done.get(i).size(), skipped.get(i).size(), pain.get(i).size()));
        }
        return out;
    }
}
