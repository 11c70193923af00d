package limber.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import limber.clock.ZoneCall;
import limber.clock.ZoneCommand;
import limber.clock.ZoneResult;
import limber.protocol.DeviceEvent;
import limber.protocol.Rejection;
import limber.protocol.Wire;
import limber.routine.Plan;
import limber.session.CommandResult;

/**
 * Zone calls and their results as JSON, only to cross the clustered event bus between instances.
 * Every other path passes the objects themselves.
 */
final class ZoneCallCodec {
    private ZoneCallCodec() {
    }

    static JsonObject encode(ZoneCall call) {
        if (call instanceof ZoneCall.ReadState) {
            return new JsonObject().put("call", "state");
        } else if (call instanceof ZoneCall.Start s) {
            return new JsonObject().put("call", "start").put("plan", new JsonObject(text(Wire.JSON.valueToTree(s.plan()))));
        } else if (call instanceof ZoneCall.Command c) {
            return new JsonObject().put("call", "command").put("command", c.command().name())
                    .put("extendSeconds", c.extendSeconds());
        } else if (call instanceof ZoneCall.Event e) {
            return new JsonObject().put("call", "event").put("event", event(e.event())).put("receivedAt", e.receivedAt());
        } else if (call instanceof ZoneCall.ListAlerts) {
            return new JsonObject().put("call", "alerts");
        } else if (call instanceof ZoneCall.AcknowledgeAlert a) {
            return new JsonObject().put("call", "ack").put("eventId", a.eventId());
        }
        throw new IllegalArgumentException("no encoding for " + call);
    }

    static ZoneCall decodeCall(JsonObject j) {
        return switch (j.getString("call")) {
            case "state" -> new ZoneCall.ReadState();
            case "start" -> new ZoneCall.Start(plan(j.getJsonObject("plan")));
            case "command" -> new ZoneCall.Command(ZoneCommand.valueOf(j.getString("command")), j.getInteger("extendSeconds"));
            case "event" -> new ZoneCall.Event(event(j.getJsonObject("event")), j.getLong("receivedAt"));
            case "alerts" -> new ZoneCall.ListAlerts();
            case "ack" -> new ZoneCall.AcknowledgeAlert(j.getString("eventId"));
            default -> throw new IllegalArgumentException("unknown zone call " + j.getString("call"));
        };
    }

    static JsonObject encode(ZoneResult result) {
        if (result instanceof ZoneResult.State s) {
            return new JsonObject().put("result", "state").put("state", new JsonObject(text(s.state())));
        } else if (result instanceof ZoneResult.Applied a) {
            return new JsonObject().put("result", "applied").put("state", new JsonObject(text(a.state())))
                    .put("effectiveAt", a.effectiveAt());
        } else if (result instanceof ZoneResult.Refused r) {
            return new JsonObject().put("result", "refused").put("reason", r.reason().name()).put("message", r.message());
        } else if (result instanceof ZoneResult.StoreFailed f) {
            return new JsonObject().put("result", "storeFailed").put("message", f.message());
        } else if (result instanceof ZoneResult.EventOutcome e) {
            return new JsonObject().put("result", "event").put("rejection", e.rejection().map(Rejection::name).orElse(null));
        } else if (result instanceof ZoneResult.Alerts a) {
            JsonArray alerts = new JsonArray();
            a.alerts().forEach(n -> alerts.add(new JsonObject(text(n))));
            return new JsonObject().put("result", "alerts").put("alerts", alerts);
        } else if (result instanceof ZoneResult.UnknownAlert u) {
            return new JsonObject().put("result", "unknownAlert").put("eventId", u.eventId());
        }
        throw new IllegalArgumentException("no encoding for " + result);
    }

    static ZoneResult decodeResult(JsonObject j) {
        return switch (j.getString("result")) {
            case "state" -> new ZoneResult.State(node(j.getJsonObject("state")));
            case "applied" -> new ZoneResult.Applied(node(j.getJsonObject("state")), j.getLong("effectiveAt"));
            case "refused" -> new ZoneResult.Refused(CommandResult.Reason.valueOf(j.getString("reason")),
                    j.getString("message"));
            case "storeFailed" -> new ZoneResult.StoreFailed(j.getString("message"));
            case "event" -> new ZoneResult.EventOutcome(Optional.ofNullable(j.getString("rejection")).map(Rejection::valueOf));
            case "alerts" -> {
                List<ObjectNode> alerts = new ArrayList<>();
                j.getJsonArray("alerts").forEach(a -> alerts.add(node((JsonObject) a)));
                yield new ZoneResult.Alerts(alerts);
            }
            case "unknownAlert" -> new ZoneResult.UnknownAlert(j.getString("eventId"));
            default -> throw new IllegalArgumentException("unknown zone result " + j.getString("result"));
        };
    }

    private static JsonObject event(DeviceEvent e) {
        return new JsonObject().put("deviceId", e.deviceId()).put("eventId", e.eventId())
                .put("type", e.type().name()).put("zone", e.zone()).put("sessionId", e.sessionId())
                .put("stepIndex", e.stepIndex()).put("at", e.at());
    }

    private static DeviceEvent event(JsonObject j) {
        return new DeviceEvent(j.getString("deviceId"), j.getString("eventId"), DeviceEvent.Type.valueOf(j.getString("type")),
                j.getString("zone"), j.getString("sessionId"), j.getInteger("stepIndex"), j.getLong("at"));
    }

    private static Plan plan(JsonObject j) {
        try {
            return Wire.JSON.readValue(j.encode(), Plan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a plan: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectNode node(JsonObject j) {
        try {
            return (ObjectNode) Wire.JSON.readTree(j.encode());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(Object node) {
        return node.toString();
    }
}
