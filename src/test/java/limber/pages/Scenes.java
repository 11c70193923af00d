package limber.pages;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;

/**
 * Every state a page can be in, on demand and without waiting through real holds. The plan holds every
 * stretch of the shipped catalog ({@code GET /api/stretches}) as one step each, with the phases laid out the
 * way the engine lays out a routine (prepare; per round the work phase on each side, a switch between
 * sides, a rest between rounds) and the shipped hold policy's durations ({@code GET /api/policy}); a scene
 * before the start uses the same plan begun at its stretch, since the start screen names the first one.
 * A scene places the page's own engine-synced clock at a chosen moment of one step (a warning in the
 * step's last hold, so the wall names the stretch that follows): its anchors are written relative to the
 * page's {@code clock.now()} when it is shown (virtual time: a hold 3 s from its end is shown at once).
 *
 * <p>Messages reach the page through its link's {@code dispatch}, the path an MQTT message takes once it is
 * off the socket, so the page's own ordering (epoch, session id, serverTime) and rendering run as usual.
 * The engine is not involved: its zone stays idle, and each scene is a new session with a newer serverTime.
 */
final class Scenes {
    /** What a page can be asked to show. */
    enum State {
        IDLE, PENDING, PREPARE, HOLD, WARN, SWITCH, REST, PAUSED, PAIN, ENDED, RECONNECTING;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One state at one step; {@code step} is -1 for the idle screen. */
    record Scene(State state, int step, String stretch) {
        @Override
        public String toString() {
            return state.label() + (step < 0 ? "" : " '" + stretch + "'");
        }
    }

    /**
     * Shows a scene: {@code arg.message} gets anchors on the page clock, a fresh session id and a newer
     * serverTime; progress and a pain alert go with it; then the page renders once, synchronously, and its
     * sample is returned. {@code arg.silent}: the engine has not answered a clock ping for a minute (the
     * page's own loss detection, {@code clock.lost}, without waiting for it; the next scene undoes it).
     */
    static final String SHOW = """
            (json) => {
              const a = JSON.parse(json);
              const p = window.limberPage;
              if (window.__heardAt !== undefined) { // the scene before was silent: the engine is heard again
                p.clock.heardAt = Math.max(p.clock.heardAt, window.__heardAt);
                window.__heardAt = undefined;
              }
              const now = p.clock.now();
              const n = window.__scenes = (window.__scenes || 0) + 1;
              const m = a.message;
              m.serverTime = Math.floor(now) + n;
              if (m.sessionId) {
                m.sessionId = `${m.sessionId}-${n}`;
                m.anchors.forEach((x) => { x.at = Math.round(now + x.at); });
                if (m.attention) m.attention.since = Math.round(now - 4000);
              }
              const send = (topic, msg) => p.link.dispatch(topic, new TextEncoder().encode(JSON.stringify(msg)));
              // the tablet: alerts of earlier scenes count as acknowledged
              if (p.alerts && p.acknowledged) p.alerts.forEach((x) => p.acknowledged.add(x.eventId));
              if (a.alert) {
                Object.assign(a.alert, { sessionId: m.sessionId, eventId: `scene-${n}`, at: Math.round(now - 4000),
                  serverTime: Math.round(now - 4000) });
                send(`limber/v1/zones/${m.zone}/alerts`, a.alert);
              }
              send(`limber/v1/zones/${m.zone}/session`, m);
              if (a.progress) {
                Object.assign(a.progress, { sessionId: m.sessionId, serverTime: m.serverTime });
                send(`limber/v1/zones/${m.zone}/progress`, a.progress);
              }
              if (a.silent) {
                window.__heardAt = p.clock.heardAt;
                p.clock.heardAt -= 60000;
              }
              const took = p.watcher.session;
              if (!took || took.sessionId !== m.sessionId || took.serverTime !== m.serverTime) {
                throw new Error('the page did not take the scene: ' + JSON.stringify({ shown: took && took.sessionId }));
              }
              return JSON.stringify(p.sample());
            }
            """;

    private static final int REPS = 2;
    private static final int PARTICIPANTS = 24;

    private final List<JsonNode> stretches = new ArrayList<>();
    private final JsonNode policy;
    private final String routineName;
    private final Plan plan;

    private Scenes(JsonNode stretches, JsonNode policy, String routineName) {
        stretches.forEach(this.stretches::add);
        this.policy = policy;
        this.routineName = routineName;
        this.plan = new Plan(this.stretches, policy);
    }

    /** The shipped catalog and policy, from the engine's API; the routine name is the longest shipped one. */
    static Scenes load(Pages pages) {
        String longest = "";
        for (JsonNode r : pages.get("/api/routines")) {
            longest = r.get("name").asText().length() > longest.length() ? r.get("name").asText() : longest;
        }
        return new Scenes(pages.get("/api/stretches"), pages.get("/api/policy"), longest);
    }

    /** Every catalog stretch name, in catalog order. */
    List<String> stretchNames() {
        List<String> names = new ArrayList<>();
        stretches.forEach(s -> names.add(s.get("name").asText()));
        return names;
    }

    /** The longest stretch name in the catalog. */
    String longestName() {
        String longest = "";
        for (String n : stretchNames()) {
            longest = n.length() > longest.length() ? n : longest;
        }
        return longest;
    }

    /** Every state at every step it exists for (no switch for a stretch without sides), idle once. */
    List<Scene> all() {
        List<Scene> out = new ArrayList<>();
        out.add(new Scene(State.IDLE, -1, ""));
        for (State state : State.values()) {
            for (int i = 0; state != State.IDLE && i < stretches.size(); i++) {
                if (plan.phaseFor(state, i) >= 0) {
                    out.add(new Scene(state, i, stretches.get(i).get("name").asText()));
                }
            }
        }
        return out;
    }

    /** The scene of a state at the step of the named stretch. */
    Scene at(State state, String stretch) {
        for (int i = 0; i < stretches.size(); i++) {
            if (stretches.get(i).get("name").asText().equals(stretch)) {
                return new Scene(state, i, stretch);
            }
        }
        throw new IllegalArgumentException("no stretch named " + stretch);
    }

    /** The first step with sides (the wall shows its LEFT/RIGHT badge). */
    Scene sided(State state) {
        for (int i = 0; i < stretches.size(); i++) {
            if (stretches.get(i).get("sided").asBoolean()) {
                return new Scene(state, i, stretches.get(i).get("name").asText());
            }
        }
        throw new IllegalStateException("no sided stretch in the catalog");
    }

    /** Shows the scene on a page that is ready (synced, with the zone's retained message); returns its sample. */
    JsonNode show(Page page, Scene scene) {
        JsonNode retained = Pages.parse((String) page.evaluate("() => JSON.stringify(window.limberPage.watcher.session)"));
        ObjectNode arg = Pages.JSON.createObjectNode();
        arg.set("message", message(scene, retained));
        if (scene.step() >= 0) {
            arg.set("progress", progress(retained.get("zone").asText(), scene));
        }
        if (scene.state() == State.PAIN) {
            arg.set("alert", alert(retained, scene));
        }
        arg.put("silent", scene.state() == State.RECONNECTING);
        return Pages.parse((String) page.evaluate(SHOW, arg.toString()));
    }

    /** The stop line the engine sends with every session message of this zone. */
    static String stopLine(Page page) {
        return (String) page.evaluate("() => window.limberPage.watcher.session.safety.stopLine");
    }

    // ---- messages ------------------------------------------------------------------------------

    private ObjectNode message(Scene scene, JsonNode retained) {
        ObjectNode m = Pages.JSON.createObjectNode();
        m.put("v", 1).put("zone", retained.get("zone").asText()).put("zoneName", retained.get("zoneName").asText());
        if (scene.state() == State.IDLE) {
            m.putNull("sessionId").put("revision", 0).put("status", "idle");
            m.set("safety", retained.get("safety"));
            return m.put("epoch", retained.path("epoch").asLong());
        }
        m.put("sessionId", "scene-" + scene.state().label()).put("revision", 3).put("status", status(scene.state()))
                .put("leadMs", 300);
        m.putObject("routine").put("id", "scenes").put("name", routineName);
        m.putObject("options").put("holdSeconds", policy.get("defaultHoldSeconds").asInt()).put("reps", REPS)
                .put("lowFlexibility", false);
        Plan p = planOf(scene);
        m.set("steps", p.steps);
        m.set("phases", p.phases);
        m.set("anchors", anchors(scene, p));
        m.set("safety", retained.get("safety"));
        if (scene.state() == State.PAIN) {
            m.putObject("attention").put("kind", "pain").put("since", 0).put("open", 1)
                    .put("message", retained.get("safety").get("stopLine").asText());
        }
        return m.put("epoch", retained.path("epoch").asLong());
    }

    private static String status(State state) {
        return switch (state) {
            case PAUSED, PAIN -> "paused";
            case ENDED -> "stopped";
            default -> "running";
        };
    }

    /**
     * The plan a scene is shown in: the catalog in order, except before a session starts, when the plan
     * starts with the scene's stretch (the start screen names the first one).
     */
    private Plan planOf(Scene scene) {
        if (scene.state() != State.PENDING) {
            return plan;
        }
        List<JsonNode> order = new ArrayList<>(stretches.subList(scene.step(), stretches.size()));
        order.addAll(stretches.subList(0, scene.step()));
        return new Plan(order, policy);
    }

    /** Anchors with {@code at} relative to the page's clock at the moment the scene is shown. */
    private static ArrayNode anchors(Scene scene, Plan p) {
        int j = p.phaseFor(scene.state(), scene.state() == State.PENDING ? 0 : scene.step());
        long duration = p.phases.get(j).get("durationMs").asLong();
        ArrayNode a = Pages.JSON.createArrayNode();
        switch (scene.state()) {
            case PENDING -> anchor(a, 5_000, "running", j, 0);
            case PREPARE -> anchor(a, -1_000, "running", j, 0);
            case HOLD -> anchor(a, -duration * 2 / 5, "running", j, 0);
            case RECONNECTING -> anchor(a, -duration * 3 / 10, "running", j, 0);
            case WARN -> anchor(a, -(duration - 3_200), "running", j, 0);
            case SWITCH -> anchor(a, -1_500, "running", j, 0);
            case REST -> anchor(a, -2_500, "running", j, 0);
            case PAUSED, PAIN -> {
                anchor(a, -60_000, "running", j, 0);
                anchor(a, -2_000, "paused", j, duration / 2);
            }
            case ENDED -> {
                anchor(a, -90_000, "running", 0, 0);
                anchor(a, -3_000, "stopped", j, 0);
            }
            default -> throw new IllegalArgumentException(scene.toString());
        }
        return a;
    }

    private static void anchor(ArrayNode a, long at, String status, int phase, long elapsed) {
        a.addObject().put("at", at).put("status", status).put("phaseIndex", phase).put("phaseElapsedMs", elapsed)
                .put("extendMs", 0);
    }

    private ObjectNode progress(String zone, Scene scene) {
        ObjectNode p = Pages.JSON.createObjectNode();
        p.put("zone", zone).put("seq", 40).put("participants", PARTICIPANTS);
        ArrayNode counts = p.putArray("steps");
        for (int i = 0; i < stretches.size(); i++) {
            counts.addObject().put("stepIndex", i).put("done", i <= scene.step() ? PARTICIPANTS : 0)
                    .put("skipped", i < scene.step() ? 3 : 0)
                    .put("pain", scene.state() == State.PAIN && i == scene.step() ? 1 : 0);
        }
        return p;
    }

    private ObjectNode alert(JsonNode retained, Scene scene) {
        ObjectNode a = Pages.JSON.createObjectNode();
        return a.put("zone", retained.get("zone").asText()).put("kind", "pain").put("deviceId", "watch-17")
                .put("stepIndex", scene.step()).put("stretch", scene.stretch()).put("needsAck", true)
                .put("message", retained.get("safety").get("painAlertLine").asText());
    }

    // ---- the plan: catalog stretches, laid out as the engine lays out a routine ----------------------------

    /** Steps and phases of a routine of the given stretches, one step each, in that order. */
    private static final class Plan {
        final ArrayNode steps = Pages.JSON.createArrayNode();
        final ArrayNode phases = Pages.JSON.createArrayNode();

        Plan(List<JsonNode> stretches, JsonNode policy) {
            stretches.forEach(s -> addStep(s, policy));
        }

        /**
         * The phase a state is shown in at a step, or -1 if the step has none (a switch without sides):
         * a warning in the step's last hold (the wall then names the stretch that comes next), any other
         * hold, pause, pain or end in its first.
         */
        int phaseFor(State state, int step) {
            JsonNode s = steps.get(step);
            String kind = switch (state) {
                case PENDING, PREPARE -> "prepare";
                case SWITCH -> "switch";
                case REST -> "rest";
                default -> null; // a hold or flow
            };
            int found = -1;
            for (int j = s.get("firstPhase").asInt(); j <= s.get("lastPhase").asInt(); j++) {
                String k = phases.get(j).get("kind").asText();
                if (kind == null ? k.equals("hold") || k.equals("flow") : k.equals(kind)) {
                    found = j;
                    if (state != State.WARN) {
                        return j;
                    }
                }
            }
            return found;
        }

        private void addStep(JsonNode stretch, JsonNode policy) {
            boolean flowing = "dynamic".equals(stretch.get("style").asText());
            String work = flowing ? "flow" : "hold";
            long workMs = 1_000L * (flowing ? policy.get("flowSeconds").asInt() : policy.get("defaultHoldSeconds").asInt());
            List<String> sides = stretch.get("sided").asBoolean() ? List.of("left", "right") : List.of("none");
            int step = steps.size();
            int first = phases.size();
            phase(step, "prepare", sides.get(0), 1, policy.get("prepareSeconds").asInt() * 1_000L);
            for (int rep = 1; rep <= REPS; rep++) {
                if (rep > 1) {
                    phase(step, "rest", sides.get(0), rep, policy.get("restSeconds").asInt() * 1_000L);
                }
                for (int i = 0; i < sides.size(); i++) {
                    if (i > 0) {
                        phase(step, "switch", sides.get(i), rep, policy.get("switchSeconds").asInt() * 1_000L);
                    }
                    phase(step, work, sides.get(i), rep, workMs);
                }
            }
            ObjectNode s = steps.addObject();
            s.put("index", step).put("stretchId", stretch.get("id").asText()).put("name", stretch.get("name").asText());
            ArrayNode how = s.putArray("how");
            stretch.get("how").forEach(how::add);
            if (stretch.hasNonNull("fallback")) {
                s.put("fallback", stretch.get("fallback").asText());
            }
            s.put("sided", stretch.get("sided").asBoolean()).put("style", stretch.get("style").asText())
                    .put("firstPhase", first).put("lastPhase", phases.size() - 1);
        }

        private void phase(int step, String kind, String side, int rep, long durationMs) {
            phases.addObject().put("kind", kind).put("stepIndex", step).put("side", side).put("rep", rep)
                    .put("reps", REPS).put("durationMs", durationMs);
        }
    }
}
