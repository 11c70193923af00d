package limber.clock;

import java.util.LinkedHashMap;
import java.util.List;

import limber.protocol.Attention;
import limber.protocol.PainAlert;

/**
 * A zone's open pain alerts, oldest first. Each stays open until the trainer acknowledges it;
 * while any is open, every session message carries the stop line.
 */
final class PainAlerts {
    private final LinkedHashMap<String, PainAlert> open = new LinkedHashMap<>();

    void open(PainAlert a) {
        open.put(a.eventId(), a);
    }

    boolean isOpen(String eventId) {
        return open.containsKey(eventId);
    }

    boolean close(String eventId) {
        return open.remove(eventId) != null;
    }

    List<PainAlert> list() {
        return List.copyOf(open.values());
    }

    /** The stop line for session messages while any alert is open, else null. */
    Attention attention(String stopLine) {
        if (open.isEmpty()) {
            return null;
        }
        return new Attention(open.values().iterator().next().raisedAt(), open.size(), stopLine);
    }
}
