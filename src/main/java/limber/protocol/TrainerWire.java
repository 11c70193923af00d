package limber.protocol;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import limber.routine.Step;
import limber.session.PhaseView;

/** Messages for the trainer: live progress, pain alerts, and the zone state the HTTP API returns. */
public final class TrainerWire {
    private TrainerWire() {
    }

    public static ObjectNode progress(String zone, String sessionId, long seq, long now, int participants,
                                      List<StepCounts> steps) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("zone", zone);
        n.put("sessionId", sessionId);
        n.put("seq", seq);
        n.put("serverTime", now);
        n.put("participants", participants);
        ArrayNode out = n.putArray("steps");
        for (StepCounts s : steps) {
            ObjectNode o = out.addObject();
            o.put("stepIndex", s.stepIndex());
            o.put("done", s.done());
            o.put("skipped", s.skipped());
            o.put("pain", s.pain());
        }
        return n;
    }

    /** The retained sound setting of a zone; {@code changedBy} null (and changedAt 0) until a trainer sets one. */
    public static ObjectNode sound(String zone, String mode, int volume, String changedBy, long changedAt) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("v", Wire.VERSION);
        n.put("zone", zone);
        n.put("mode", mode);
        n.put("volume", volume);
        n.put("changedBy", changedBy);
        n.put("changedAt", changedAt);
        return n;
    }

    public static ObjectNode alert(PainAlert a, String message) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("zone", a.zone());
        n.put("kind", "pain");
        n.put("deviceId", a.deviceId());
        n.put("eventId", a.eventId());
        n.put("sessionId", a.sessionId());
        n.put("stepIndex", a.stepIndex());
        n.put("stretch", a.stretch());
        n.put("at", a.at());
        n.put("serverTime", a.raisedAt());
        n.put("needsAck", true);
        n.put("message", message);
        return n;
    }

    /**
     * The zone's state for the trainer API: the session message plus, while a session exists, what
     * shows right now and the live progress; always the participant count and the open alerts.
     */
    public static ObjectNode state(ObjectNode sessionMessage, PhaseView now, Step showing, ObjectNode progress,
                                   int participants, List<ObjectNode> alerts) {
        ObjectNode n = sessionMessage;
        if (now != null) {
            ObjectNode cur = n.putObject("now");
            cur.put("status", Wire.lower(now.status()));
            cur.put("phaseIndex", now.phaseIndex());
            cur.put("stepIndex", now.stepIndex());
            cur.put("kind", Wire.lower(now.phase().kind()));
            cur.put("side", Wire.lower(now.phase().side()));
            cur.put("rep", now.phase().rep());
            cur.put("remainingMs", now.remainingMs());
            cur.put("stretch", showing.name());
            n.set("progress", progress);
        }
        n.put("participants", participants);
        n.putArray("alerts").addAll(alerts);
        return n;
    }
}
