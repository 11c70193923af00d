package limber.security;

/**
 * Why a login may not publish to a topic, as one of a few fixed words for metrics labels (never the
 * device id or the topic itself): {@code engine_only} (zone, engine, ack and pong topics),
 * {@code other_device} (another device's events, presence or ping), {@code not_for_role} (one's
 * own device topic the role may not write, e.g. a display's events) or {@code unknown_topic}
 * (anything else, typos such as {@code limber/v1/devices/{id}/state} included).
 */
public final class WriteRefusal {
    private static final String V1 = "limber/v1/";

    private WriteRefusal() {
    }

    public static String reason(String user, String topic) {
        String[] t = topic.split("/", -1);
        if (!topic.startsWith(V1) || t.length < 3) {
            return "unknown_topic";
        }
        String kind = t[2];
        if (kind.equals("zones") || kind.equals("engine")) {
            return "engine_only";
        }
        if (t.length != 5) {
            return "unknown_topic";
        }
        String last = t[4];
        boolean deviceTopic = kind.equals("devices") && (last.equals("events") || last.equals("status"));
        boolean pingTopic = kind.equals("time") && last.equals("ping");
        if ((kind.equals("devices") && last.equals("acks")) || (kind.equals("time") && last.equals("pong"))) {
            return "engine_only";
        }
        if (!deviceTopic && !pingTopic) {
            return "unknown_topic";
        }
        return t[3].equals(user) ? "not_for_role" : "other_device";
    }
}
