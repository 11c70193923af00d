package limber.protocol;

/** A device's retained presence message: online or offline (the last will), what it is, where. */
public record DeviceStatus(String deviceId, State state, Kind kind, String zone, long receivedAt) {

    public enum State { ONLINE, OFFLINE }

    public enum Kind { DISPLAY, WATCH, TRAINER }
}
