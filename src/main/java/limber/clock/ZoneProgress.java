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
 * the last state it reported. A step's sets are made when its first event comes: most sessions on a
 * big floor never get one for most steps, and 10,000 zones of empty sets cost about 14 MB.
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
            done.add(null);
            skipped.add(null);
            pain.add(null);
        }
    }

    private static Set<String> of(List<Set<String>> sets, int step) {
        Set<String> s = sets.get(step);
        if (s == null) {
            s = new LinkedHashSet<>();
            sets.set(step, s);
        }
        return s;
    }

    private static void remove(List<Set<String>> sets, int step, String device) {
        Set<String> s = sets.get(step);
        if (s != null) {
            s.remove(device);
        }
    }

    private static int size(List<Set<String>> sets, int step) {
        Set<String> s = sets.get(step);
        return s == null ? 0 : s.size();
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
                remove(skipped, e.stepIndex(), d);
                of(done, e.stepIndex()).add(d);
            }
            case SKIP -> {
                remove(done, e.stepIndex(), d);
                of(skipped, e.stepIndex()).add(d);
            }
            case PAIN -> of(pain, e.stepIndex()).add(d);
            default -> throw new IllegalArgumentException("not a step event: " + e.type());
        }
    }

    public int doneCount(int step) {
        return size(done, step);
    }

    public long seq() {
        return seq;
    }

    /** Per-step counts, in step order, as the progress message carries them. */
    public List<StepCounts> counts() {
        List<StepCounts> out = new ArrayList<>(done.size());
        for (int i = 0; i < done.size(); i++) {
            out.add(new StepCounts(i, size(done, i), size(skipped, i), size(pain, i)));
        }
        return out;
    }
}
