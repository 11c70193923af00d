package limber.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Messages for single devices and the engine's own presence: acks, clock pongs, engine status. */
public final class DeviceWire {
    private DeviceWire() {
    }

    /** {@code status}: accepted, duplicate or rejected; a reason only with a refusal. */
    public static ObjectNode ack(String eventId, String status, Rejection reason, long now) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("eventId", eventId);
        n.put("status", status);
        if (reason != null) {
            n.put("reason", reason.tag());
        }
        n.put("serverTime", now);
        return n;
    }

    public static ObjectNode pong(long t0, long t1, long t2) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("t0", t0);
        n.put("t1", t1);
        n.put("t2", t2);
        return n;
    }

    /** The pong with the same two instants in epoch microseconds too ({@code t1us}, {@code t2us}). */
    public static ObjectNode pong(long t0, long t1, long t2, long t1us, long t2us) {
        ObjectNode n = pong(t0, t1, t2);
        n.put("t1us", t1us);
        n.put("t2us", t2us);
        return n;
    }

    public static ObjectNode engineStatus(String engineId, String state, long now) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("engineId", engineId);
        n.put("state", state);
        n.put("serverTime", now);
        return n;
    }

    /** Retained per device: where an admin put it and what it is called; empty payload once revoked. */
    public static ObjectNode assignment(String zone, String name, String role, long revision) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("zone", zone);
        n.put("name", name);
        n.put("role", role);
        n.put("revision", revision);
        return n;
    }

    /** Retained per device, from the broker's own view of its connection (not from the device). */
    public static ObjectNode presence(String deviceId, boolean online, long since) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("deviceId", deviceId);
        n.put("state", online ? "online" : "offline");
        n.put("since", since);
        return n;
    }
}
