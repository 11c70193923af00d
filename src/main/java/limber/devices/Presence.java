package limber.devices;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import limber.protocol.DeviceStatus;

/**
 * Last known status of every device, from retained status messages and last wills, and when each was
 * last heard with its clock sync as it reported it (from its clock pings). Event loop only.
 */
public final class Presence {
    /** When a device was last heard and its own view of its clock sync (null: not reported). */
    public record Vitals(long lastSeen, Double clockOffsetMs, Double rttMs) {
    }

    private final Map<String, DeviceStatus> devices = new LinkedHashMap<>();
    private BiConsumer<String, Boolean> onChange = (id, online) -> { };
    private final Map<String, Vitals> vitals = new LinkedHashMap<>();
    private final int capacity;

    public Presence(int capacity) {
        this.capacity = capacity;
    }

    /** False when the table is full and the device is new: a flood of fake ids cannot grow memory. */
    public boolean update(DeviceStatus s) {
        if (!devices.containsKey(s.deviceId()) && devices.size() >= capacity) {
            return false;
        }
        DeviceStatus before = devices.put(s.deviceId(), s);
        if (before == null || before.state() != s.state()) {
            onChange.accept(s.deviceId(), s.state() == DeviceStatus.State.ONLINE);
        }
        return true;
    }

    /** Hears (device, online) when a device's reported state changes (its status, or its last will). */
    public void onChange(BiConsumer<String, Boolean> listener) {
        this.onChange = listener;
    }

    public void forget(String deviceId) {
        devices.remove(deviceId);
        vitals.remove(deviceId);
    }

    /** A clock ping arrived; bounded like the status table. */
    public void heard(String deviceId, long at, Double clockOffsetMs, Double rttMs) {
        if (vitals.containsKey(deviceId) || vitals.size() < capacity) {
            vitals.put(deviceId, new Vitals(at, clockOffsetMs, rttMs));
        }
    }

    public Vitals vitals(String deviceId) {
        return vitals.get(deviceId);
    }

    public DeviceStatus status(String deviceId) {
        return devices.get(deviceId);
    }

    public Collection<DeviceStatus> all() {
        return devices.values();
    }
}
