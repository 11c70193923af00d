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

    public static ObjectNode engineStatus(String engineId, String state, long now) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("engineId", engineId);
        n.put("state", state);
        n.put("serverTime", now);
        return n;
    }
}
