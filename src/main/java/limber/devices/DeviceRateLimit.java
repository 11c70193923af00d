package limber.devices;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per device, checked before a message is even parsed, so one flooding (broken or
 * hostile) device costs almost nothing and cannot starve the others. Bounded: the least recently
 * heard devices are forgotten first. Event-loop confined.
 */
public final class DeviceRateLimit {
    private static final int MAX_DEVICES = 20_000;

    private final double perMs;
    private final double burst;
    private final Map<String, double[]> buckets = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
            return size() > MAX_DEVICES;
        }
    };

    public DeviceRateLimit(int perSecond, int burst) {
        this.perMs = perSecond / 1000.0;
        this.burst = burst;
    }

    /** True if the device may send one more message now. */
    public boolean allow(String deviceId, long now) {
        double[] b = buckets.computeIfAbsent(deviceId == null ? "" : deviceId, k -> new double[] {burst, now});
        b[0] = Math.min(burst, b[0] + (now - b[1]) * perMs);
        b[1] = now;
        if (b[0] < 1) {
            return false;
        }
        b[0] -= 1;
        return true;
    }
}
