package limber.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import limber.config.Safety;
import limber.routine.Phase;
import limber.routine.Plan;
import limber.routine.Step;
import limber.session.Anchor;
import limber.session.Cue;
import limber.session.PhaseView;
import limber.session.Session;

/** Encodes the zone timeline messages (session, cue). Enum values go on the wire in lowercase; times are engine epoch ms. */
public final class Wire {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final int VERSION = 1;
    /** A cue is about 200 bytes; one block holds it. */
    private static final int CUE_BYTES = 256;
    private static final String[] SIDES = Arrays.stream(Phase.Side.values()).map(Wire::lower).toArray(String[]::new);

    private Wire() {
    }

    public static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Retained zone message when no session has run since the engine started. */
    public static ObjectNode idle(String zone, String zoneName, long revision, long now, Safety safety, long epoch) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", VERSION);
        n.put("zone", zone);
        n.put("zoneName", zoneName);
        n.putNull("sessionId");
        n.put("revision", revision);
        n.put("serverTime", now);
        n.put("status", "idle");
        n.set("safety", safety(safety));
        n.put("epoch", epoch);
        return n;
    }

    /**
     * The retained session message: plan, anchors and what shows at {@code now}; {@code attention}
     * (null when none) is the stop line while pain alerts are open; {@code epoch} the owner's fencing token.
     */
    public static ObjectNode session(Session s, String zoneName, long leadMs, long now, Safety safety, PhaseView v,
                                     Attention attention, long epoch) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", VERSION);
        n.put("zone", s.zone());
        n.put("zoneName", zoneName);
        n.put("sessionId", s.id());
        n.put("revision", s.revision());
        n.put("serverTime", now);
        n.put("status", lower(v.status()));
        n.put("leadMs", leadMs);
        Plan plan = s.plan();
        ObjectNode routine = n.putObject("routine");
        routine.put("id", plan.routineId());
        routine.put("name", plan.routineName());
        ObjectNode options = n.putObject("options");
        options.put("holdSeconds", plan.options().holdSeconds());
        options.put("reps", plan.options().reps());
        options.put("lowFlexibility", plan.options().lowFlexibility());
        ArrayNode steps = n.putArray("steps");
        for (Step st : plan.steps()) {
            ObjectNode o = steps.addObject();
            o.put("index", st.index());
            o.put("stretchId", st.stretchId());
            o.put("name", st.name());
            ArrayNode how = o.putArray("how");
            st.how().forEach(how::add);
            if (st.fallback() != null) {
                o.put("fallback", st.fallback());
            }
            o.put("sided", st.sided());
            o.put("style", lower(st.style()));
            o.put("firstPhase", st.firstPhase());
            o.put("lastPhase", st.lastPhase());
        }
        ArrayNode phases = n.putArray("phases");
        for (Phase p : plan.phases()) {
            ObjectNode o = phases.addObject();
            o.put("kind", lower(p.kind()));
            o.put("stepIndex", p.stepIndex());
            o.put("side", lower(p.side()));
            o.put("rep", p.rep());
            o.put("reps", p.reps());
            o.put("durationMs", p.durationMs());
        }
        ArrayNode anchors = n.putArray("anchors");
        for (Anchor a : s.anchors()) {
            ObjectNode o = anchors.addObject();
            o.put("at", a.at());
            o.put("status", lower(a.status()));
            o.put("phaseIndex", a.phaseIndex());
            o.put("phaseElapsedMs", a.phaseElapsedMs());
            o.put("extendMs", a.extendMs());
        }
        n.set("safety", safety(safety));
        if (attention != null) {
            ObjectNode a = n.putObject("attention");
            a.put("kind", "pain");
            a.put("since", attention.since());
            a.put("open", attention.open());
            a.put("message", attention.message());
        }
        n.put("epoch", epoch);
        return n;
    }

    /**
     * A cue, written straight to bytes: it is the one message sent on every transition of every zone,
     * so it skips the tree the other messages are built as (fields in the same order).
     */
    public static byte[] cue(Session s, Cue c, long now, long epoch) {
        ByteArrayBuilder buf = new ByteArrayBuilder(CUE_BYTES);
        try (JsonGenerator g = JSON.getFactory().createGenerator(buf)) {
            g.writeStartObject();
            g.writeStringField("sessionId", s.id());
            g.writeNumberField("revision", s.revision());
            g.writeStringField("kind", c.kind().wire());
            g.writeNumberField("at", c.at());
            g.writeNumberField("phaseIndex", c.phaseIndex());
            g.writeNumberField("stepIndex", c.stepIndex());
            g.writeStringField("side", SIDES[c.side().ordinal()]);
            g.writeNumberField("rep", c.rep());
            g.writeNumberField("serverTime", now);
            g.writeNumberField("epoch", epoch);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a cue of " + s.id(), e);
        }
        return buf.toByteArray();
    }

    private static ObjectNode safety(Safety s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("gentleLine", s.gentleLine());
        n.put("stopLine", s.stopLine());
        n.put("consultNote", s.consultNote());
        n.put("breathingLine", s.breathingLine());
        n.put("painAlertLine", s.painAlertLine());
        return n;
    }

    public static byte[] bytes(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + n, e);
        }
    }
}
