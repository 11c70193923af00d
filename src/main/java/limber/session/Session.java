package limber.session;

import java.util.ArrayList;
import java.util.List;

import limber.routine.Plan;

/**
 * A plan plus the anchors that place it on the engine clock. Anchors are ordered by {@code at};
 * the one in effect at instant t is the last with {@code at <= t}. Older anchors are dropped once a
 * newer one is in effect, so the list stays short (usually one, two while a command is in its lead).
 */
public record Session(String id, String zone, long revision, Plan plan, List<Anchor> anchors) {

    public Session {
        anchors = List.copyOf(anchors);
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("a session needs at least one anchor");
        }
        for (int i = 1; i < anchors.size(); i++) {
            if (anchors.get(i).at() < anchors.get(i - 1).at()) {
                throw new IllegalArgumentException("anchors must be ordered by instant");
            }
        }
    }

    /** The anchor in effect at {@code t}, or null before the first one. */
    public Anchor anchorAt(long t) {
        Anchor found = null;
        for (Anchor a : anchors) {
            if (a.at() <= t) {
                found = a;
            } else {
                break;
            }
        }
        return found;
    }

    public Anchor lastAnchor() {
        return anchors.get(anchors.size() - 1);
    }

    /** A new revision with {@code next} appended; anchors superseded before {@code now} are dropped. */
    public Session withAnchor(Anchor next, long now) {
        List<Anchor> kept = new ArrayList<>();
        Anchor current = anchorAt(now);
        for (Anchor a : anchors) {
            if (a == current || a.at() > now) {
                kept.add(a);
            }
        }
        kept.add(next);
        return new Session(id, zone, revision + 1, plan, kept);
    }
}
