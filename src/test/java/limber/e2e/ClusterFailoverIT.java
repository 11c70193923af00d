package limber.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.config.LimberConfig;
import limber.protocol.DeviceEvent;
import limber.protocol.Topics;
import limber.routine.Phase;
import limber.session.PhaseView;
import limber.session.Session;
import limber.session.Timeline;
import limber.store.Fence;
import limber.store.JdbcStore;
import limber.store.JournalEntry;
import limber.testing.EngineCluster;
import limber.testing.MqttProbe;
import limber.testing.SessionMessages;
import limber.testing.StallMeter;

/**
 * Three engine JVMs share 30 zones through one Mosquitto and one PostgreSQL. One of them is
 * SIGKILLed in the middle of a hold while watches report. Its zones must be owned again within
 * {@code limber.test.takeoverMs} (5 s), each session carrying on exactly where its timeline says,
 * with every acknowledged completion kept once, and the dead owner's epoch refused.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClusterFailoverIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final long TAKEOVER_BOUND_MS = Long.getLong("limber.test.takeoverMs", 5_000);
    /** Timing bounds allow for what the machine itself stalled meanwhile (three JVMs on two cores). */
    private static final StallMeter STALLS = new StallMeter();
    static final int WATCHES_PER_ZONE = 3;

    @Test
    void sigkillOfAnOwnerMidHoldHandsItsZonesOverWithoutAJump() throws Exception {
        try (EngineCluster cluster = new EngineCluster(30, 3)) {
            startThreeBalanced(cluster);
            Http api = new Http(cluster.instance(0).api());
            Map<String, String> sessionIds = startEverywhere(api, cluster.zones);

            try (MqttProbe display = new MqttProbe(cluster.broker.url()).subscribe("limber/v1/zones/+/session")
                    .subscribe("limber/v1/zones/+/cue");
                 MqttProbe watches = new MqttProbe(cluster.broker.url()).subscribe("limber/v1/devices/+/acks")) {
                await().atMost(WAIT).until(() -> cluster.zones.stream().allMatch(z -> latest(display, z) != null));
                Map<String, String> owners = cluster.owners();
                Map<String, Long> epochs = cluster.epochs();
                String victimNode = cluster.nodeId(1);
                Set<String> orphans = new HashSet<>();
                owners.forEach((z, n) -> {
                    if (n.equals(EngineCluster.name(1))) {
                        orphans.add(z);
                    }
                });
                assertEquals(10, orphans.size());

                // first completions, all acknowledged; the routine's first hold starts after the 8 s prepare
                Map<String, String> sent = new ConcurrentHashMap<>();
                sendRound(watches, cluster.zones, sessionIds, 0, sent);
                Set<String> acked = ConcurrentHashMap.newKeySet();
                await().atMost(WAIT).until(() -> ackedIds(watches, acked).containsAll(sent.keySet()));
                await("every zone mid-hold").atMost(WAIT).until(() -> cluster.zones.stream().allMatch(z -> {
                    PhaseView v = Timeline.phaseAt(latest(display, z), System.currentTimeMillis());
                    return v.phase().kind() == Phase.Kind.HOLD && v.remainingMs() > 12_000;
                }));

                // someone reports pain in one of the zones about to be orphaned: it pauses, the alert is open
                String painZone = orphans.stream().sorted().findFirst().orElseThrow();
                String pain = "{\"eventId\":\"watch-pain_s0\",\"type\":\"pain\",\"zone\":\"" + painZone
                        + "\",\"sessionId\":\"" + sessionIds.get(painZone) + "\",\"stepIndex\":0}";
                sent.put("watch-pain_s0", pain);
                watches.publish(Topics.deviceEvents("watch-pain"), pain, 1);
                await("the zone pauses for the pain report").atMost(WAIT).until(() -> display.on(Topics.session(painZone))
                        .stream().anyMatch(r -> r.json().has("attention") && "paused".equals(
                                r.json().path("anchors").get(r.json().path("anchors").size() - 1).path("status").asText())));

                // more completions in flight while the owner of a third of the zones dies
                sendRound(watches, cluster.zones.subList(0, 15), sessionIds, 1, sent);
                long killedAt = System.currentTimeMillis();
                cluster.instance(1).kill();
                Set<String> ackedAtKill = new HashSet<>(ackedIds(watches, acked));
                sendRound(watches, cluster.zones.subList(15, 30), sessionIds, 1, sent);
                Map<String, Session> before = new HashMap<>();
                orphans.forEach(z -> before.put(z, latest(display, z)));

                Map<String, Long> takenAt = new ConcurrentHashMap<>();
                await("orphans owned again").atMost(WAIT).until(() -> {
                    for (String z : orphans) {
                        for (MqttProbe.Received r : display.on(Topics.session(z))) {
                            if (r.json().path("epoch").asLong() > epochs.get(z)) {
                                takenAt.putIfAbsent(z, r.arrivedAt());
                            }
                        }
                    }
                    return takenAt.keySet().containsAll(orphans);
                });
                long worst = takenAt.values().stream().mapToLong(t -> t - killedAt).max().orElseThrow();
                System.out.printf("takeover: %d zones re-owned, slowest %d ms after SIGKILL (bound %d ms)%n",
                        orphans.size(), worst, TAKEOVER_BOUND_MS);
                long allowance = STALLS.allowanceMs(killedAt, killedAt + worst);
                assertTrue(worst <= TAKEOVER_BOUND_MS + allowance, "slowest takeover took " + worst + " ms (bound "
                        + TAKEOVER_BOUND_MS + " ms + " + allowance + " ms the machine stalled meanwhile)");
                Map<String, String> after = cluster.owners();
                orphans.forEach(z -> assertNotNull(after.get(z), z + " has a live owner"));
                assertFalse(after.containsValue(EngineCluster.name(1)), "the dead instance owns nothing");
                Http.Response health = api.get("/health");
                System.out.println("survivor health after the takeover: " + health.body() + "; cues caught up: "
                        + api.metric("limber_cues_caught_up_total", ""));
                // cues the takeover caught up on are not lateness. Restoring the orphans is work on the
                // survivor's event loop, and on this 2-core box (three JVMs, Mosquitto, PostgreSQL) a cue
                // queued behind it has been 52-56 ms late against the 50 ms bound (15 ms on a quiet run):
                // the deadlines check may then say DOWN for its 20 s window, no longer. Every check is UP
                // once that window has passed; lateness that kept coming would keep it DOWN.
                Http.Response[] last = {health};
                await("survivor healthy").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> (last[0] = api.get("/health")).status() == 200);
                assertTrue(last[0].body().contains("\"id\":\"cluster\"") && last[0].body().contains("zonesOwned"),
                        last[0].body());
                // what a participant notices: every cue the survivor sent for a taken zone arrived before its instant
                Supplier<List<MqttProbe.Received>> survivorCues = () -> orphans.stream()
                        .flatMap(z -> display.on(Topics.cue(z)).stream()
                                .filter(r -> r.json().path("epoch").asLong() > epochs.get(z)))
                        .toList();
                await("cues from the survivor").atMost(WAIT).until(() -> !survivorCues.get().isEmpty());
                for (MqttProbe.Received r : survivorCues.get()) {
                    assertTrue(r.arrivedAt() <= r.json().get("at").asLong(), "cue " + r.payload() + " arrived at " + r.arrivedAt());
                }
                System.out.println("cues from the survivor for the taken zones, all before their instant: "
                        + survivorCues.get().size());

                // a display sees the same step and the same remaining time as before the kill
                long now = System.currentTimeMillis();
                for (String z : orphans) {
                    Session old = before.get(z);
                    Session neu = latest(display, z);
                    assertEquals(old.anchors(), neu.anchors(), z + ": the timeline is the original one");
                    for (long t = now; t <= now + 10_000; t += 250) {
                        PhaseView a = Timeline.phaseAt(old, t);
                        PhaseView b = Timeline.phaseAt(neu, t);
                        assertEquals(a.phaseIndex(), b.phaseIndex(), z + " phase at " + t);
                        assertEquals(a.stepIndex(), b.stepIndex(), z + " step at " + t);
                        assertTrue(Math.abs(a.remainingMs() - b.remainingMs()) <= 50, z + " remaining at " + t);
                    }
                }

                // the pain alert is still open under the new owner, until the trainer acknowledges it
                JsonNode alerts = api.get("/api/zones/" + painZone + "/alerts").json().get("alerts");
                assertEquals(1, alerts.size(), alerts.toString());
                assertEquals("watch-pain_s0", alerts.get(0).get("eventId").asText());
                assertTrue(display.on(Topics.session(painZone)).stream().anyMatch(r -> r.json().has("attention")
                        && r.json().path("epoch").asLong() > epochs.get(painZone)), "the new owner shows the stop line");
                assertEquals(200, api.post("/api/zones/" + painZone + "/alerts/watch-pain_s0/ack", "").status());
                assertEquals(0, api.get("/api/zones/" + painZone + "/alerts").json().get("alerts").size());

                // devices re-send whatever has no ack yet (as the pages' outbox does); every completion
                // is then stored exactly once, those acknowledged before the kill included
                resendUntilAcked(watches, sent, acked);
                assertTrue(assertStoredOnce(cluster, sent, watches).containsAll(ackedAtKill));
                for (String z : cluster.zones) {
                    await().atMost(WAIT).until(() -> doneCount(api, z) == 2 * WATCHES_PER_ZONE);
                }

                // the dead owner's epoch is refused by the journal: nothing it might still write lands
                String z = orphans.iterator().next();
                LimberConfig.Store cfg = new LimberConfig.Store("postgresql", "", cluster.db.url(), "", "", 120, 400);
                try (JdbcStore store = JdbcStore.open(cfg)) {
                    DeviceEvent late = new DeviceEvent("watch-zombie", "zombie-1", DeviceEvent.Type.DONE, z,
                            sessionIds.get(z), 0, 0);
                    JdbcStore.Outcome[] out = store.write(List.of(new JournalEntry.EventAccepted(late, now)),
                            List.of(new Fence(epochs.get(z), victimNode)));
                    assertEquals(JdbcStore.Outcome.FENCED, out[0]);
                }
                List<String> zombie = new ArrayList<>();
                cluster.query("SELECT event_id FROM device_events WHERE event_id = 'zombie-1'", rs -> zombie.add(""));
                assertTrue(zombie.isEmpty(), "a write under the old epoch is not stored");
            }
        }
    }

    @Test
    void aFourthInstanceTakesItsShareAtPhaseBoundariesWithoutAJump() throws Exception {
        try (EngineCluster cluster = new EngineCluster(30, 4)) {
            startThreeBalanced(cluster);
            try (MqttProbe display = new MqttProbe(cluster.broker.url()).subscribe("limber/v1/zones/+/session")
                    .subscribe("limber/v1/zones/+/cue")) {
                Http api = new Http(cluster.instance(0).api());
                startEverywhere(api, cluster.zones);
                await().atMost(WAIT).until(() -> cluster.zones.stream().allMatch(z -> latest(display, z) != null));
                Map<String, Session> original = new HashMap<>();
                cluster.zones.forEach(z -> original.put(z, latest(display, z)));
                Map<String, String> ownersBefore = cluster.owners();
                Map<String, Long> epochsBefore = cluster.epochs();

                cluster.startInstance();
                String newcomer = EngineCluster.name(3);
                await("the new instance has its share").atMost(Duration.ofSeconds(120)).until(() -> {
                    Map<String, Integer> per = cluster.zonesPerInstance();
                    return per.getOrDefault(newcomer, 0) >= 7 && per.values().stream().mapToInt(i -> i).sum() == 30
                            && per.values().stream().allMatch(n -> n == 7 || n == 8);
                });
                Map<String, String> ownersAfter = cluster.owners();
                Set<String> moved = new HashSet<>();
                cluster.zones.forEach(z -> {
                    if (!ownersAfter.get(z).equals(ownersBefore.get(z))) {
                        moved.add(z);
                    }
                });
                moved.forEach(z -> assertEquals(newcomer, ownersAfter.get(z), z + " moved only to the new instance"));
                // let at least one more cue go out from every new owner
                long settled = System.currentTimeMillis();
                await().atMost(WAIT).until(() -> System.currentTimeMillis() > settled + 12_000);

                long now = System.currentTimeMillis();
                for (String z : moved) {
                    Session s = original.get(z);
                    long handover = -1;
                    for (MqttProbe.Received r : display.on(Topics.session(z))) {
                        JsonNode n = r.json();
                        if (!s.id().equals(n.path("sessionId").asText())) {
                            continue; // the idle message from before the session started
                        }
                        assertEquals(s.anchors(), SessionMessages.parse(n).anchors(), z + ": no session message moved the timeline");
                        if (handover < 0 && n.path("epoch").asLong() > epochsBefore.get(z)) {
                            handover = r.arrivedAt();
                        }
                    }
                    assertTrue(handover > 0, z + " was published under a new epoch");
                    List<Long> starts = phaseStarts(s);
                    long h = handover;
                    assertTrue(starts.stream().anyMatch(b -> h >= b && h <= b + 1_500),
                            z + ": handed over " + h + " not just after a phase boundary " + starts);
                    assertCuesOnceEach(display, z, s, now);
                }

                // a rolling restart: the newcomer stops cleanly, frees its zones, and the others take them
                // at once, on the same timeline; any instance still lists every zone as running
                Map<String, Long> epochsAtStop = cluster.epochs();
                long stoppedAt = System.currentTimeMillis();
                cluster.instance(3).stop();
                await("the stopped instance's zones owned again").atMost(WAIT).until(() -> moved.stream()
                        .allMatch(z -> display.on(Topics.session(z)).stream()
                                .anyMatch(r -> r.json().path("epoch").asLong() > epochsAtStop.get(z))));
                long slowest = moved.stream().mapToLong(z -> display.on(Topics.session(z)).stream()
                        .filter(r -> r.json().path("epoch").asLong() > epochsAtStop.get(z))
                        .mapToLong(MqttProbe.Received::arrivedAt).min().orElseThrow() - stoppedAt).max().orElseThrow();
                System.out.printf("clean stop: %d zones re-owned, slowest %d ms after SIGTERM%n", moved.size(), slowest);
                long stalled = STALLS.allowanceMs(stoppedAt, stoppedAt + slowest);
                assertTrue(slowest < 3_000 + stalled, "a clean stop hands zones over without waiting for the lease: "
                        + slowest + " ms (" + stalled + " ms of it the machine stalled)");
                for (String z : moved) {
                    assertEquals(original.get(z).anchors(), latest(display, z).anchors(), z + " kept its timeline");
                }
                // the new owners were told where the stopped instance's cues ended: none doubled or missing
                long afterStop = System.currentTimeMillis();
                await().atMost(WAIT).until(() -> System.currentTimeMillis() > afterStop + 12_000);
                for (String z : moved) {
                    assertCuesOnceEach(display, z, original.get(z), System.currentTimeMillis());
                }
                JsonNode zones = new Http(cluster.instance(2).api()).get("/api/zones").json();
                assertEquals(30, zones.size());
                zones.forEach(z -> assertEquals("running", z.get("status").asText(), z.toString()));
            }
        }
    }

    /** Every phase start up to {@code until} has its cue, and no cue (kind and instant) came twice. */
    static void assertCuesOnceEach(MqttProbe display, String zone, Session session, long until) {
        Set<String> seen = new HashSet<>();
        Set<Long> cueInstants = new HashSet<>();
        for (MqttProbe.Received r : display.on(Topics.cue(zone))) {
            String key = r.json().get("kind").asText() + "@" + r.json().get("at").asLong();
            assertTrue(seen.add(key), zone + ": cue " + key + " sent twice");
            cueInstants.add(r.json().get("at").asLong());
        }
        for (long b : phaseStarts(session)) {
            if (b <= until - 1_000) {
                assertTrue(cueInstants.contains(b), zone + ": no cue for the phase starting at " + b);
            }
        }
    }

    /** Where each phase of a running, never-paused session starts. */
    static List<Long> phaseStarts(Session s) {
        List<Long> out = new ArrayList<>();
        long t = s.anchors().get(0).at();
        for (Phase p : s.plan().phases()) {
            out.add(t);
            t += p.durationMs();
        }
        return out;
    }

    @Test
    void aPausedOwnerThatWakesUpIsFencedAndStepsDown() throws Exception {
        try (EngineCluster cluster = new EngineCluster(30, 3)) {
            startThreeBalanced(cluster);
            Http api = new Http(cluster.instance(0).api());
            Map<String, String> sessionIds = startEverywhere(api, cluster.zones);
            try (MqttProbe display = new MqttProbe(cluster.broker.url()).subscribe("limber/v1/zones/+/session")
                    .subscribe("limber/v1/zones/+/cue");
                 MqttProbe watches = new MqttProbe(cluster.broker.url()).subscribe("limber/v1/devices/+/acks")) {
                await().atMost(WAIT).until(() -> cluster.zones.stream().allMatch(z -> latest(display, z) != null));
                Map<String, Long> epochs = cluster.epochs();
                Set<String> frozenZones = new HashSet<>();
                cluster.owners().forEach((z, n) -> {
                    if (n.equals(EngineCluster.name(1))) {
                        frozenZones.add(z);
                    }
                });
                Map<String, Session> before = new HashMap<>();
                frozenZones.forEach(z -> before.put(z, latest(display, z)));

                cluster.instance(1).pause();
                await("the frozen instance's zones owned again").atMost(WAIT).until(() -> frozenZones.stream()
                        .allMatch(z -> display.on(Topics.session(z)).stream()
                                .anyMatch(r -> r.json().path("epoch").asLong() > epochs.get(z))));
                // completions while the old owner is frozen, then it wakes up with its timers overdue
                Map<String, String> sent = new ConcurrentHashMap<>();
                sendRound(watches, cluster.zones, sessionIds, 0, sent);
                long wokeAt = System.currentTimeMillis();
                cluster.instance(1).resume();

                Http woken = new Http(cluster.instance(1).api());
                await("the woken instance steps down").atMost(WAIT).until(() ->
                        woken.metric("limber_cluster_zone_fenced_total", "") >= frozenZones.size());
                resendUntilAcked(watches, sent, ConcurrentHashMap.newKeySet());
                assertStoredOnce(cluster, sent, watches);

                // the old owner may publish overdue cues the moment it wakes; they carry its old epoch,
                // so a display keeps showing the new owner's session, on the unchanged timeline
                long now = System.currentTimeMillis();
                for (String z : frozenZones) {
                    for (MqttProbe.Received r : display.matching(m -> m.arrivedAt() >= wokeAt
                            && (m.topic().equals(Topics.session(z)) || m.topic().equals(Topics.cue(z))))) {
                        assertTrue(r.json().path("epoch").asLong() >= epochs.get(z), z + ": " + r.payload());
                    }
                    long shownEpoch = display.on(Topics.session(z)).stream()
                            .mapToLong(r -> r.json().path("epoch").asLong()).max().orElseThrow();
                    assertTrue(shownEpoch > epochs.get(z), z + " shows the new owner");
                    Session shown = latest(display, z);
                    assertEquals(before.get(z).anchors(), shown.anchors(), z + ": the timeline never changed");
                    assertEquals(Timeline.phaseAt(before.get(z), now).phaseIndex(), Timeline.phaseAt(shown, now).phaseIndex());
                }
            }
        }
    }

    /** Three instances, and the 30 zones spread 10 / 10 / 10 over them. */
    static void startThreeBalanced(EngineCluster cluster) throws Exception {
        for (int i = 0; i < 3; i++) {
            cluster.startInstance();
        }
        await("zones spread 10/10/10").atMost(WAIT).until(() -> cluster.zonesPerInstance().equals(Map.of(
                EngineCluster.name(0), 10, EngineCluster.name(1), 10, EngineCluster.name(2), 10)));
    }

    /** Like the pages' outbox: re-send every event without an engine ack, every 2 s, until none is left. */
    static void resendUntilAcked(MqttProbe watches, Map<String, String> sent, Set<String> acked) {
        await("every completion acknowledged").atMost(WAIT).pollInterval(Duration.ofSeconds(2)).until(() -> {
            Set<String> missing = new HashSet<>(sent.keySet());
            missing.removeAll(ackedIds(watches, acked));
            for (String id : missing) {
                watches.publish(Topics.deviceEvents(deviceOf(id)), sent.get(id), 1);
            }
            return missing.isEmpty();
        });
    }

    /** Every sent event is in the journal exactly once; returns the stored ids. */
    static Set<String> assertStoredOnce(EngineCluster cluster, Map<String, String> sent, MqttProbe watches)
            throws Exception {
        Map<String, Integer> stored = new HashMap<>();
        cluster.query("SELECT event_id, COUNT(*) FROM device_events GROUP BY event_id",
                rs -> stored.put(rs.getString(1), rs.getInt(2)));
        Map<String, String> owners = cluster.owners();
        assertEquals(sent.keySet(), stored.keySet(), () -> "every completion stored; acks of the missing ones: "
                + acksOfMissing(watches, sent.keySet(), stored.keySet()) + "; zone owners now: " + owners);
        stored.forEach((id, n) -> assertEquals(1, n, id + " stored once"));
        return stored.keySet();
    }

    static Map<String, String> startEverywhere(Http api, List<String> zones) throws Exception {
        Map<String, String> ids = new HashMap<>();
        for (String z : zones) {
            Http.Response r = api.post("/api/zones/" + z + "/session", "{\"routineId\":\"lower-back-relief\",\"holdSeconds\":30}");
            assertEquals(201, r.status(), z + ": " + r.body());
            ids.put(z, r.json().get("sessionId").asText());
        }
        return ids;
    }

    /** The session a display would show: highest epoch first, then revision, then newest. */
    static Session latest(MqttProbe display, String zone) {
        JsonNode best = null;
        for (MqttProbe.Received r : display.on(Topics.session(zone))) {
            JsonNode n = r.json();
            if (best == null || newer(best, n)) {
                best = n;
            }
        }
        return best == null ? null : SessionMessages.parse(best);
    }

    static boolean newer(JsonNode a, JsonNode b) {
        long ea = a.path("epoch").asLong();
        long eb = b.path("epoch").asLong();
        if (ea != eb) {
            return eb > ea;
        }
        if (a.path("revision").asLong() != b.path("revision").asLong()) {
            return b.path("revision").asLong() > a.path("revision").asLong();
        }
        return b.path("serverTime").asLong() >= a.path("serverTime").asLong();
    }

    /**
     * Done for the first step (the one running) from a round of watches per zone; each round is
     * another set of watches, so every round adds to the zone's done count.
     */
    static void sendRound(MqttProbe watches, List<String> zones, Map<String, String> sessionIds, int round,
                          Map<String, String> sent) throws Exception {
        for (String z : zones) {
            for (int w = 0; w < WATCHES_PER_ZONE; w++) {
                String device = "watch-" + z.substring(5) + "-" + w + (round == 0 ? "" : "r" + round);
                String id = device + "_s0";
                String payload = "{\"eventId\":\"" + id + "\",\"type\":\"done\",\"zone\":\"" + z + "\",\"sessionId\":\""
                        + sessionIds.get(z) + "\",\"stepIndex\":0}";
                sent.put(id, payload);
                watches.publish(Topics.deviceEvents(device), payload, 1);
            }
        }
    }

    static String deviceOf(String eventId) {
        return eventId.substring(0, eventId.indexOf('_'));
    }

    static Set<String> ackedIds(MqttProbe probe, Set<String> into) {
        for (MqttProbe.Received r : probe.received) {
            if (r.topic().endsWith("/acks")) {
                into.add(r.json().get("eventId").asText());
            }
        }
        return into;
    }

    /** What the engine answered for each sent event the journal lacks: tells a refusal from a lost write. */
    static Map<String, List<String>> acksOfMissing(MqttProbe watches, Set<String> sent, Set<String> stored) {
        Map<String, List<String>> out = new TreeMap<>();
        for (String id : sent) {
            if (!stored.contains(id)) {
                out.put(id, new ArrayList<>());
            }
        }
        for (MqttProbe.Received r : watches.received) {
            List<String> answers = r.topic().endsWith("/acks") ? out.get(r.json().path("eventId").asText()) : null;
            if (answers != null) {
                answers.add(r.payload());
            }
        }
        return out;
    }

    static int doneCount(Http api, String zone) throws Exception {
        int done = 0;
        for (JsonNode s : api.get("/api/zones/" + zone).json().path("progress").path("steps")) {
            done += s.get("done").asInt();
        }
        return done;
    }

}
