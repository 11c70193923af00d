package limber.tools;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;

import limber.protocol.Wire;

/**
 * Follows a zone's session and cue messages (as the first watch hears them: one subscriber is
 * enough to know the timeline) and says when a step is due to be reported done, once per step.
 */
final class StepReports {
    /** Every watch reports {@code step} of {@code sessionId} done, {@code leadMs} from now plus its jitter. */
    record Due(String sessionId, int step, long leadMs) {
    }

    private final SimulatorOptions.Report report;
    private final AtomicReference<JsonNode> session = new AtomicReference<>();
    private final Map<String, Boolean> reported = new ConcurrentHashMap<>(); // sessionId:step

    StepReports(SimulatorOptions.Report report) {
        this.report = report;
    }

    /** The step this message makes due, or null (not a cue for the current session, or already due). */
    Due onMessage(String topic, byte[] payload) {
        JsonNode n;
        try {
            n = Wire.JSON.readTree(payload);
        } catch (Exception e) {
            return null;
        }
        if (topic.endsWith("/session")) {
            JsonNode cur = session.get();
            if (n.path("sessionId").isTextual() && (cur == null || !cur.path("sessionId").equals(n.path("sessionId"))
                    || n.path("revision").asLong() >= cur.path("revision").asLong())) {
                session.set(n);
            }
            return null;
        }
        JsonNode s = session.get();
        String kind = n.path("kind").asText();
        String sessionId = n.path("sessionId").asText();
        if (s == null || !sessionId.equals(s.path("sessionId").asText())) {
            return null;
        }
        int step = n.path("stepIndex").asInt();
        boolean due = switch (report) {
            case START -> kind.equals("step_start");
            case END -> kind.equals("hold_end") && n.path("phaseIndex").asInt() == s.path("steps").path(step).path("lastPhase").asInt();
        };
        if (due && reported.putIfAbsent(sessionId + ":" + step, Boolean.TRUE) == null) {
            // a cue arrives ahead of its instant: report after the instant plus each watch's jitter
            return new Due(sessionId, step, Math.max(0, n.path("at").asLong() - n.path("serverTime").asLong()));
        }
        return null;
    }
}
