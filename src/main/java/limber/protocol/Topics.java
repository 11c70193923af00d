package limber.protocol;

/** Every MQTT topic of the contract (docs/asyncapi.yaml). Extend, never rename. */
public final class Topics {
    public static final String ROOT = "limber/v1/";
    public static final String DEVICE_EVENTS_FILTER = ROOT + "devices/+/events";
    public static final String DEVICE_STATUS_FILTER = ROOT + "devices/+/status";
    public static final String TIME_PING_FILTER = ROOT + "time/+/ping";
    public static final String ENGINE_STATUS = ROOT + "engine/status";

    private Topics() {
    }

    public static String session(String zone) {
        return ROOT + "zones/" + zone + "/session";
    }

    public static String cue(String zone) {
        return ROOT + "zones/" + zone + "/cue";
    }

    public static String progress(String zone) {
        return ROOT + "zones/" + zone + "/progress";
    }

    public static String alerts(String zone) {
        return ROOT + "zones/" + zone + "/alerts";
    }

    /** Engine to displays and tablets, retained: what the zone's screens play and how loud. */
    public static String sound(String zone) {
        return ROOT + "zones/" + zone + "/sound";
    }

    public static String deviceStatus(String deviceId) {
        return ROOT + "devices/" + deviceId + "/status";
    }

    public static String deviceEvents(String deviceId) {
        return ROOT + "devices/" + deviceId + "/events";
    }

    /** Engine to device: which of its events are safely stored (or refused), so it can stop retrying. */
    public static String acks(String deviceId) {
        return ROOT + "devices/" + deviceId + "/acks";
    }

    /** Engine to device, retained: its zone and name as an admin set them (empty once revoked). */
    public static String assignment(String deviceId) {
        return ROOT + "devices/" + deviceId + "/assignment";
    }

    /** Engine to tablets, retained: whether the broker sees the device connected. */
    public static String presence(String deviceId) {
        return ROOT + "devices/" + deviceId + "/presence";
    }

    public static String ping(String deviceId) {
        return ROOT + "time/" + deviceId + "/ping";
    }

    public static String pong(String deviceId) {
        return ROOT + "time/" + deviceId + "/pong";
    }

    /**
     * The {@code +} segment of a device topic ({@code limber/v1/devices/{id}/...} or
     * {@code limber/v1/time/{id}/...}), or null if the topic has another shape.
     */
    public static String deviceIdOf(String topic) {
        String rest;
        if (topic.startsWith(ROOT + "devices/")) {
            rest = topic.substring((ROOT + "devices/").length());
        } else if (topic.startsWith(ROOT + "time/")) {
            rest = topic.substring((ROOT + "time/").length());
        } else {
            return null;
        }
        int slash = rest.indexOf('/');
        return slash <= 0 ? null : rest.substring(0, slash);
    }
}
