package limber.testing;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import limber.routine.Phase;
import limber.routine.Plan;
import limber.routine.SessionOptions;
import limber.routine.Step;
import limber.routine.Stretch;
import limber.session.Anchor;
import limber.session.Session;

/** Reads session messages back into the pure core's {@link Session}, the way a display reads them. */
public final class SessionMessages {
    private SessionMessages() {
    }

    /** The retained session message as the pages read it: plan phases and steps plus anchors. */
    public static Session parse(JsonNode n) {
        if (n.path("sessionId").isNull() || !n.has("phases")) {
            return null;
        }
        List<Phase> phases = new ArrayList<>();
        for (JsonNode p : n.get("phases")) {
            phases.add(new Phase(phases.size(), Phase.Kind.valueOf(p.get("kind").asText().toUpperCase()),
                    p.get("stepIndex").asInt(), Phase.Side.valueOf(p.get("side").asText().toUpperCase()),
                    p.get("rep").asInt(), p.get("reps").asInt(), p.get("durationMs").asLong()));
        }
        List<Step> steps = new ArrayList<>();
        for (JsonNode s : n.get("steps")) {
            steps.add(new Step(steps.size(), s.get("stretchId").asText(), s.get("name").asText(), List.of(), null,
                    s.get("sided").asBoolean(), Stretch.Style.valueOf(s.get("style").asText().toUpperCase()),
                    s.get("firstPhase").asInt(), s.get("lastPhase").asInt()));
        }
        JsonNode o = n.get("options");
        Plan plan = new Plan(n.path("routine").path("id").asText(), n.path("routine").path("name").asText(),
                new SessionOptions(o.get("holdSeconds").asInt(), o.get("reps").asInt(), o.get("lowFlexibility").asBoolean()),
                steps, phases);
        List<Anchor> anchors = new ArrayList<>();
        for (JsonNode a : n.get("anchors")) {
            anchors.add(new Anchor(a.get("at").asLong(), Anchor.Status.valueOf(a.get("status").asText().toUpperCase()),
                    a.get("phaseIndex").asInt(), a.get("phaseElapsedMs").asLong(), a.get("extendMs").asLong()));
        }
        return new Session(n.get("sessionId").asText(), n.get("zone").asText(), n.get("revision").asLong(), plan, anchors);
    }
}
