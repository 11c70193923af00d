package limber.devices;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import limber.protocol.DeviceStatus;

/** Last known status of every device, from retained status messages and last wills. */
public final class Presence {
    private final Map<String, DeviceStatus> devices = new LinkedHashMap<>();
    private final int capacity;

    public Presence(int capacity) {
        this.capacity = capacity;
    }

    /** False when the table is full and the device is new: a flood of fake ids cannot grow memory. */
    public boolean update(DeviceStatus s) {
        if (!devices.containsKey(s.deviceId()) && devices.size() >= capacity) {
            return false;
        }
        devices.put(s.deviceId(), s);
        return true;
    }

    public void forget(String deviceId) {
        devices.remove(deviceId);
    }

    public Collection<DeviceStatus> all() {
        return devices.values();
    }
}
