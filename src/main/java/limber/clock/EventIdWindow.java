package limber.clock;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the most recent device event ids so a QoS 1 redelivery (or a retry after reconnect)
 * is counted once. Bounded: the oldest ids fall out first.
 */
public final class EventIdWindow {
    private final Map<String, Boolean> seen;

    public EventIdWindow(int capacity) {
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True if the id is new (and now remembered); false if it was already seen. */
    public boolean firstTime(String deviceId, String eventId) {
        return seen.putIfAbsent(deviceId + '\u0000' + eventId, Boolean.TRUE) == null;
    }

    /** Forgets an id whose event could not be stored, so the device's retry is not taken for a duplicate. */
    public void forget(String deviceId, String eventId) {
        seen.remove(deviceId + '\u0000' + eventId);
    }

    public int size() {
        return seen.size();
    }
}
