package limber.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttMessage;

import limber.routine.Plan;
import limber.testing.ClockFilter;
import limber.testing.EngineFixture;
import limber.testing.SessionMessages;

/**
 * Scenario 3: one zone run for {@code minutes} of real time with a pause/resume and an extend every
 * minute and a skip every fourth minute (a new session starts if one ends). An independent model in
 * this class computes each transition's planned instant from the plan's durations and the commands'
 * effective instants only (start + sum of durations + pauses + extends); it is compared with (a) the
 * {@code at} of every cue the engine publishes (exact integer ms) and (b) the true instant four synced
 * simulated displays saw the transition (1 ms polling). Zero cumulative drift: error does not grow.
 */
final class DriftScenario {

    /** Reference timeline: plain arithmetic on durations, no code shared with the engine's Timeline. */
    static final class Model {
        final String sessionId;
        final Plan plan;
        int j;
        double s; // planned start instant of phase j (running)
        long elapsedAtPause;
        long extend;
        boolean running;
        boolean ended;
        final Map<String, Integer> occ = new HashMap<>();
        final List<Object[]> transitions = new ArrayList<>(); // {key, plannedInstant}

        Model(String sessionId, Plan plan, long startAt) {
            this.sessionId = sessionId;
            this.plan = plan;
            this.j = 0;
            this.s = startAt;
            this.running = true;
            emit("running", 0, startAt);
        }

        void emit(String status, int phase, double at) {
            emit(status, phase, at, true);
        }

        /** {@code cued}: the engine publishes a cue at this instant (pause and resume have none). */
        void emit(String status, int phase, double at, boolean cued) {
            String key = sessionId + "/" + status + ":" + phase;
            int n = occ.merge(key, 1, Integer::sum);
            transitions.add(new Object[] {key + "#" + n, at, cued});
        }

        long dur(int k) {
            return plan.phase(k).durationMs() + (k == j ? extend : 0);
        }

        /** Natural phase ends up to instant t. */
        void advance(double t) {
            while (running && !ended && s + dur(j) <= t) {
                double end = s + dur(j);
                if (j + 1 >= plan.phaseCount()) {
                    ended = true;
                    emit("finished", j, end);
                    return;
                }
                s = end;
                j++;
                extend = 0;
                emit("running", j, end);
            }
        }

        void pause(long at) {
            advance(at);
            elapsedAtPause = (long) (at - s);
            running = false;
            emit("paused", j, at, false);
        }

        void resume(long at) {
            s = at - elapsedAtPause;
            running = true;
            emit("running", j, at, elapsedAtPause == 0);
        }

        void extend(long at, int seconds) {
            advance(at);
            extend += seconds * 1000L;
        }

        void skip(long at) {
            advance(at);
            int next = plan.phase(j).stepIndex() + 1;
            if (next >= plan.steps().size()) {
                ended = true;
                emit("finished", plan.phaseCount() - 1, at);
                return;
            }
            j = plan.step(next).firstPhase();
            s = at;
            extend = 0;
            emit("running", j, at);
        }

        void stop(long at) {
            advance(at);
            if (!ended) {
                ended = true;
                emit("stopped", j, at);
            }
        }
    }

    static void run(Report report, double minutes) throws Exception {
        Map<String, Object> d = report.details("drift");
        try (EngineFixture engine = EngineFixture.embedded();
             DisplayFleet fleet = new DisplayFleet(engine, "main-floor", "drift", 4, 5_000, 7)) {
            List<long[]> cues = Collections.synchronizedList(new ArrayList<>()); // {at}
            List<String> cueSessions = Collections.synchronizedList(new ArrayList<>());
            MqttAsyncClient sub = LatenessScenario.subscriber(engine.brokerUrl, engine.logins().observer(), "limber/v1/zones/main-floor/cue",
                    new MqttCallback() {
                        @Override
                        public void messageArrived(String topic, MqttMessage m) throws Exception {
                            JsonNode n = Bench.JSON.readTree(m.getPayload());
                            cues.add(new long[] {n.get("at").asLong()});
                            cueSessions.add(n.get("sessionId").asText() + "|" + n.get("kind").asText());
                        }

                        @Override
                        public void connectionLost(Throwable cause) {
                        }

                        @Override
                        public void deliveryComplete(IMqttDeliveryToken token) {
                        }
                    });
            fleet.sync(ClockFilter.CONVERGE_SAMPLES, (long) ClockFilter.BURST_GAP_MS); // the pages' burst, then 125 ms pings
            fleet.startPolling(125);
            String api = engine.api() + "/api/zones/main-floor/session";
            double runStart = Bench.trueMs();
            double runEnd = runStart + minutes * 60_000;
            List<Model> models = new ArrayList<>();
            Model m = null;
            int minute = 0;
            List<String> log = new ArrayList<>();
            while (Bench.trueMs() < runEnd - 5_000) {
                if (m == null || m.ended) {
                    Bench.Response r = Bench.post(api, "{\"routineId\":\"post-workout-cooldown\",\"holdSeconds\":45,\"reps\":4}");
                    JsonNode n = r.json();
                    m = new Model(n.get("sessionId").asText(), SessionMessages.parse(n).plan(), n.get("effectiveAt").asLong());
                    models.add(m);
                    log.add("start " + m.sessionId);
                }
                double cycle = runStart + minute * 60_000.0;
                Model cur = m;
                // at +10 s pause, +13 s resume, +30 s extend 15 s, every 4th minute +45 s skip
                Object[][] plan = {{10.0, "pause"}, {13.0, "resume"}, {30.0, "extend"}, {45.0, minute % 4 == 3 ? "skip" : null}};
                for (Object[] step : plan) {
                    if (step[1] == null) {
                        continue;
                    }
                    double at = cycle + (Double) step[0] * 1000;
                    if (at > runEnd - 5_000) {
                        break;
                    }
                    Bench.parkUntil(at);
                    String cmd = (String) step[1];
                    Bench.Response r = Bench.post(api + "/" + cmd, cmd.equals("extend") ? "{\"seconds\":15}" : "");
                    log.add(cmd + " -> " + r.status());
                    if (r.status() != 200) {
                        continue;
                    }
                    JsonNode n = r.json();
                    if (!cur.sessionId.equals(n.path("sessionId").asText())) {
                        continue;
                    }
                    long eff = n.get("effectiveAt").asLong();
                    switch (cmd) {
                        case "pause" -> cur.pause(eff);
                        case "resume" -> cur.resume(eff);
                        case "extend" -> cur.extend(eff, 15);
                        case "skip" -> cur.skip(eff);
                        default -> throw new IllegalStateException(cmd);
                    }
                }
                minute++;
                Bench.parkUntil(Math.min(runEnd - 5_000, runStart + minute * 60_000.0));
            }
            Bench.Response stop = Bench.post(api + "/stop", "");
            if (stop.status() == 200 && m != null && !m.ended) {
                m.stop(stop.json().get("effectiveAt").asLong());
            }
            Bench.parkUntil(Math.max(runEnd, Bench.trueMs() + 1_000));
            for (Model mm : models) {
                mm.advance(Bench.trueMs() - 600); // transitions that fell due before the polling ended
            }
            fleet.stopPolling();
            sub.disconnect().waitForCompletion(5_000);
            sub.close();

            // (a) cue instants: every planned transition instant must appear as a cue 'at' exactly
            Set<Long> cueInstants = new HashSet<>();
            synchronized (cues) {
                cues.forEach(c -> cueInstants.add(c[0]));
            }
            // (b) what the displays saw
            Map<String, List<Double>> seen = fleet.byTransition(true);
            Map<String, List<Double>> polled = fleet.byTransition(false);
            double polledMaxAbs = 0;
            List<double[]> errors = new ArrayList<>(); // {plannedInstant, mean display error}
            long planned = 0;
            long cueMatched = 0;
            long missing = 0;
            for (Model mm : models) {
                for (Object[] t : mm.transitions) {
                    double at = (Double) t[1];
                    if (at > Bench.trueMs() - 600) {
                        continue;
                    }
                    planned++;
                    if (!(Boolean) t[2] || cueInstants.contains((long) at)) {
                        cueMatched++;
                    }
                    List<Double> obs = seen.get((String) t[0]);
                    if (obs == null || obs.size() < fleet.displays.size()) {
                        missing++;
                        continue;
                    }
                    double mean = obs.stream().mapToDouble(o -> o - at).average().orElse(Double.NaN);
                    for (double o : polled.get((String) t[0])) {
                        polledMaxAbs = Math.max(polledMaxAbs, Math.abs(o - at));
                    }
                    errors.add(new double[] {at, mean});
                }
            }
            errors.sort((a, b) -> Double.compare(a[0], b[0]));
            double first = errors.isEmpty() ? Double.NaN : errors.get(0)[1];
            double last = errors.isEmpty() ? Double.NaN : errors.get(errors.size() - 1)[1];
            double maxAbs = errors.stream().mapToDouble(e -> Math.abs(e[1])).max().orElse(Double.NaN);
            double slope = slopeMsPerHour(errors);
            d.put("minutes", minutes);
            d.put("sessions", models.size());
            d.put("commands", log);
            d.put("planned_transitions", planned);
            d.put("cue_at_equal_to_planned", cueMatched);
            d.put("transitions_not_seen_by_all_displays", missing);
            d.put("display_error_first_ms", Bench.round(first));
            d.put("display_error_last_ms", Bench.round(last));
            d.put("display_error_max_abs_ms", Bench.round(maxAbs));
            d.put("display_error_slope_ms_per_hour", Bench.round(slope));
            d.put("display_residuals_ms", fleet.displays.stream().map(x -> Bench.round(x.residualMs())).toList());
            List<Map<String, Object>> series = new ArrayList<>();
            for (double[] e : errors) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("t_min", Bench.round((e[0] - runStart) / 60_000));
                p.put("error_ms", Bench.round(e[1]));
                series.add(p);
            }
            d.put("error_series", series);
            long cueMismatch = planned - cueMatched;
            report.add("drift", "cue 'at' != planned instant (of " + planned + ")", cueMismatch, "count", "0",
                    cueMismatch == 0 && planned > 0);
            report.add("drift", "final display error (last transition)", last, "ms", "|x| <= 2 (jitter)",
                    Math.abs(last) <= 2);
            report.add("drift", "display error growth first->last", last - first, "ms", "|x| <= 2", Math.abs(last - first) <= 2);
            report.info("drift", "display error max |x| (clock crossing)", maxAbs, "ms");
            report.info("drift", "display error max |x| (1 ms polling)", polledMaxAbs, "ms");
            d.put("display_error_polled_max_abs_ms", Bench.round(polledMaxAbs));
            report.info("drift", "display error linear trend over the run", slope * minutes / 60, "ms");
            report.add("drift", "transitions not seen by every display", missing, "count", "0", missing == 0);
            report.info("drift", "run length", minutes, "min");
        }
    }

    static double slopeMsPerHour(List<double[]> pts) {
        if (pts.size() < 2) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (double[] p : pts) {
            mx += p[0];
            my += p[1];
        }
        mx /= pts.size();
        my /= pts.size();
        double num = 0;
        double den = 0;
        for (double[] p : pts) {
            num += (p[0] - mx) * (p[1] - my);
            den += (p[0] - mx) * (p[0] - mx);
        }
        return den == 0 ? Double.NaN : num / den * 3_600_000;
    }
}
