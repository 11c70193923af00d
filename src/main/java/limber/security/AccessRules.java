package limber.security;

import java.util.List;

/**
 * Who may read and write which topics, as Mosquitto-style ACL patterns. The embedded broker checks
 * them directly and the shipped Mosquitto gets them as its acl_file, so both brokers enforce the
 * same rules. A display or tablet writes only its own presence and clock pings; a watch also its
 * own events; only the engine writes zone topics. An observer (a person watching with
 * {@code mosquitto_sub}, a dashboard) reads everything under {@code limber/v1/} and writes nothing.
 */
public record AccessRules(List<String> read, List<String> write) {
    private static final String V1 = "limber/v1/";

    public static AccessRules of(Credential c) {
        String id = c.name();
        String zone = V1 + "zones/" + c.zone() + "/#";
        String assignment = V1 + "devices/" + id + "/assignment";
        List<String> own = List.of(V1 + "devices/" + id + "/status", V1 + "time/" + id + "/ping");
        return switch (c.role()) {
            case "engine" -> new AccessRules(List.of(V1 + "#"), List.of(V1 + "#"));
            case "display" -> new AccessRules(List.of(zone, V1 + "time/" + id + "/pong", assignment, V1 + "engine/status"), own);
            case "watch" -> new AccessRules(
                    List.of(zone, V1 + "time/" + id + "/pong", V1 + "devices/" + id + "/acks", assignment, V1 + "engine/status"),
                    List.of(V1 + "devices/" + id + "/events", V1 + "devices/" + id + "/status", V1 + "time/" + id + "/ping"));
            // a trainer tablet, whether paired as a device or logged in with a trainer's token
            case "trainer", "tablet" -> new AccessRules(List.of(V1 + "zones/+/#", V1 + "devices/+/status",
                    V1 + "devices/+/presence", V1 + "time/" + id + "/pong", assignment, V1 + "engine/status"), own);
            case "observer" -> new AccessRules(List.of(V1 + "#"), List.of());
            default -> new AccessRules(List.of(), List.of());
        };
    }

    public boolean mayRead(String filter) {
        return read.stream().anyMatch(p -> covers(p, filter));
    }

    public boolean mayWrite(String topic) {
        return write.stream().anyMatch(p -> covers(p, topic));
    }

    /** True if every topic {@code filter} can match is also matched by {@code pattern}. */
    static boolean covers(String pattern, String filter) {
        String[] p = pattern.split("/", -1);
        String[] f = filter.split("/", -1);
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals("#")) {
                return true;
            }
            if (i >= f.length || f[i].equals("#")) {
                return false;
            }
            if (p[i].equals("+")) {
                continue;
            }
            if (!p[i].equals(f[i])) {
                return false;
            }
        }
        return p.length == f.length;
    }
}
