package limber.devices;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import limber.protocol.DeviceEvent;
import limber.protocol.Wire;

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

    public ObjectNode toJson(String zone, int participants, long now) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("zone", zone);
        n.put("sessionId", sessionId);
        n.put("seq", seq);
        n.put("serverTime", now);
        n.put("participants", participants);
        ArrayNode steps = n.putArray("steps");
        for (int i = 0; i < done.size(); i++) {
            ObjectNode s = steps.addObject();
            s.put("stepIndex", i);
            s.put("done", done.get(i).size());
            s.put("skipped", skipped.get(i).size());
            s.put("pain", pain.get(i).size());
        }
        return n;
    }
}
