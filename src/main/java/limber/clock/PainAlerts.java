package limber.clock;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import limber.config.Safety;
import limber.protocol.DeviceEvent;
import limber.protocol.Wire;
import limber.session.Session;

/**
 * A zone's open pain alerts, oldest first. Each stays open until the trainer acknowledges it;
 * while any is open, every session message carries the calm stop line.
 */
final class PainAlerts {
    private final String zone;
    private final Safety safety;
    private final LinkedHashMap<String, ObjectNode> open = new LinkedHashMap<>();

    PainAlerts(String zone, Safety safety) {
        this.zone = zone;
        this.safety = safety;
    }

    /** Opens an alert for a pain report and returns the alert message. */
    ObjectNode open(DeviceEvent e, Session session, long now) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("zone", zone);
        n.put("kind", "pain");
        n.put("deviceId", e.deviceId());
        n.put("eventId", e.eventId());
        n.put("sessionId", e.sessionId());
        n.put("stepIndex", e.stepIndex());
        n.put("stretch", session.plan().step(e.stepIndex()).name());
        n.put("at", e.at() > 0 ? e.at() : now);
        n.put("serverTime", now);
        n.put("needsAck", true);
        n.put("message", safety.painAlertLine());
        open.put(e.eventId(), n);
        return n;
    }

    /** After a restart or takeover: a journaled pain report nobody acknowledged is open again. */
    void reopen(DeviceEvent e, Session session, Set<String> acked, long now) {
        if (e.type() == DeviceEvent.Type.PAIN && !acked.contains(e.eventId())) {
            open(e, session, now);
        }
    }

    boolean isOpen(String eventId) {
        return open.containsKey(eventId);
    }

    boolean close(String eventId) {
        return open.remove(eventId) != null;
    }

    List<ObjectNode> list() {
        return List.copyOf(open.values());
    }

    /** Adds the stop line to a session message while any alert is open. */
    void addAttention(ObjectNode sessionMessage) {
        if (open.isEmpty()) {
            return;
        }
        ObjectNode a = sessionMessage.putObject("attention");
        a.put("kind", "pain");
        a.put("since", open.values().iterator().next().get("serverTime").asLong());
        a.put("open", open.size());
        a.put("message", safety.stopLine());
    }
}
