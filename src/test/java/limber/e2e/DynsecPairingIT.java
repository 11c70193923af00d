package limber.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.protocol.Topics;
import limber.testing.EngineFixture;
import limber.testing.MosquittoBroker;
import limber.testing.MqttProbe;
import limber.testing.PahoOptions;
import limber.testing.PairingRequest;

/**
 * The pairing flow against a real Mosquitto running the Dynamic Security plugin, set up as the
 * shipped mosquitto-dynsec.conf says (the plugin's file from {@code mosquitto_ctrl dynsec init},
 * the engine's login as its admin): a paired display logs in with its own secret and reads its zone;
 * moved, it is disconnected and its old zone's messages no longer reach it, even on a session that
 * kept the old subscription; revoked, it is disconnected within 2 s and refused; a tablet's token
 * works until its trainer is disabled; after a restart the engine's stale clients are gone and the
 * ones it still knows, and those made by hand, stay.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DynsecPairingIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String ADMIN = "limber-engine";
    private static final String ADMIN_PASSWORD = "dynsec-test-admin-password";

    private static EngineFixture engine(MosquittoBroker broker, String... extra) {
        String[] args = List.of("--broker.dynamicSecurity=true", "--broker.username=" + ADMIN,
                "--broker.password=" + ADMIN_PASSWORD).toArray(String[]::new);
        String[] all = new String[args.length + extra.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return EngineFixture.external(broker.url(), all);
    }

    @Test
    void aDisplayPairsIsMovedAndRevokedOnMosquitto() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.shippedDynsec(ADMIN, ADMIN_PASSWORD);
             EngineFixture fx = engine(broker);
             MqttProbe publisher = new MqttProbe(broker.url(), "test-publisher", ADMIN, ADMIN_PASSWORD)) {
            Http admin = new Http(fx.api());
            JsonNode paired = PairingRequest.pair(fx.api(), "display", "main-floor", "Wall left");
            String id = paired.get("deviceId").asText();
            String secret = paired.get("secret").asText();

            // the secret works as soon as the page has it: the client exists before the answer
            MqttClient screen = persistent(broker.url(), "page-" + id, id, secret);
            List<String> got = new CopyOnWriteArrayList<>();
            screen.subscribe("limber/v1/zones/main-floor/#", 1, (t, m) -> got.add(t));
            MqttProbe assignment = new MqttProbe(broker.url(), "page-a-" + id, id, secret).subscribe(Topics.assignment(id));
            await().atMost(WAIT).until(() -> assignment.on(Topics.assignment(id)).stream()
                    .anyMatch(m -> m.payload().contains("\"zone\":\"main-floor\"")));
            assignment.close();
            assertThrows(MqttException.class, () -> new MqttProbe(broker.url(), "guess", id, "not-the-secret").close());
            // the engine's own login publishes zone topics once it has its role (granted on its first connect)
            await().atMost(WAIT).ignoreExceptions().until(() -> {
                publisher.publish("limber/v1/zones/main-floor/test", "{}", 1);
                return got.contains("limber/v1/zones/main-floor/test");
            });

            // moved: disconnected, and the old zone's messages stop reaching it, kept subscription or not
            assertEquals(200, admin.patch("/api/devices/" + id, "{\"zone\":\"studio-b\"}").status());
            await().atMost(Duration.ofSeconds(2)).until(() -> !screen.isConnected());
            got.clear();
            MqttClient moved = persistent(broker.url(), "page-" + id, id, secret); // same session: old subscription kept
            moved.subscribe("limber/v1/zones/studio-b/#", 1, (t, m) -> got.add(t));
            assertThrows(MqttException.class, () -> moved.subscribe("limber/v1/zones/main-floor/#", 1), "the old zone");
            await().atMost(WAIT).ignoreExceptions().until(() -> {
                publisher.publish("limber/v1/zones/main-floor/test", "{}", 1);
                publisher.publish("limber/v1/zones/studio-b/test", "{}", 1);
                return got.contains("limber/v1/zones/studio-b/test");
            });
            assertTrue(got.stream().noneMatch(t -> t.contains("main-floor")), got.toString());

            // revoked: disconnected within 2 s and refused afterwards
            assertEquals(200, admin.delete("/api/devices/" + id).status());
            await().atMost(Duration.ofSeconds(2)).until(() -> !moved.isConnected());
            MqttException refused = assertThrows(MqttException.class, () -> new MqttProbe(broker.url(), "page4", id, secret));
            assertTrue(refused instanceof MqttSecurityException || refused.getReasonCode() == 5, refused.toString());
            screen.close(true);
            moved.close(true);
        }
    }

    @Test
    void tabletTokensEndWithTheirTrainerAndARestartCleansUp() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.shippedDynsec(ADMIN, ADMIN_PASSWORD)) {
            String watchId;
            String watchSecret;
            String staleUser;
            String stalePassword;
            EngineFixture fx = engine(broker);
            try {
                Http admin = new Http(fx.api());
                Http.Response sam = admin.post("/api/trainers", "{\"name\":\"sam\",\"admin\":false}");
                assertEquals(201, sam.status(), sam.body());
                Http asSam = new Http(fx.api(), "sam", sam.json().get("password").asText());
                JsonNode token = asSam.get("/api/mqtt-login").json();
                String user = token.get("username").asText();
                String password = token.get("password").asText();
                MqttProbe tablet = await().atMost(WAIT).ignoreExceptions()
                        .until(() -> new MqttProbe(broker.url(), "tablet-sam", user, password), p -> true);
                tablet.subscribe("limber/v1/zones/+/session");

                assertEquals(200, admin.patch("/api/trainers/sam", "{\"disabled\":true}").status());
                await().atMost(Duration.ofSeconds(2)).until(() -> !tablet.client().isConnected());
                assertThrows(MqttException.class, () -> new MqttProbe(broker.url(), "tablet-sam2", user, password));
                try {
                    tablet.client().close(true); // stops its reconnect attempts
                } catch (MqttException reconnecting) {
                    // a refused reconnect may be under way: the client goes with the test
                }

                // what outlives this engine: a paired watch and the admin's own tablet token
                JsonNode watch = PairingRequest.pair(fx.api(), "watch", "main-floor", "Watch 7");
                watchId = watch.get("deviceId").asText();
                watchSecret = watch.get("secret").asText();
                JsonNode adminToken = admin.get("/api/mqtt-login").json();
                staleUser = adminToken.get("username").asText();
                stalePassword = adminToken.get("password").asText();
                String u = staleUser;
                String p = stalePassword;
                await().atMost(WAIT).ignoreExceptions().until(() -> {
                    new MqttProbe(broker.url(), "tablet-admin", u, p).close();
                    return true;
                });
            } finally {
                fx.close();
            }
            // a login made by hand at the broker, which the engine must leave alone
            createByHand(broker, "front-desk", "front-desk-password");

            try (EngineFixture restarted = engine(broker, "--store.path=" + fx.dataDir.resolve("limber.db"))) {
                // tokens live only in the engine's memory: the old one is deleted by the reconcile
                String u = staleUser;
                String p = stalePassword;
                await().atMost(WAIT).until(() -> {
                    try (MqttProbe old = new MqttProbe(broker.url(), "tablet-admin2", u, p)) {
                        return false;
                    } catch (MqttException e) {
                        return true;
                    }
                });
                new MqttProbe(broker.url(), "watch-page", watchId, watchSecret).close();
                new MqttProbe(broker.url(), "hand", "front-desk", "front-desk-password").close();
                assertEquals(200, new Http(restarted.api()).get("/api/devices").status());
            }
        }
    }

    /** A device page's connection that keeps its session (and subscriptions) across a reconnect. */
    private static MqttClient persistent(String url, String clientId, String user, String password) throws MqttException {
        MqttClient c = new MqttClient(url, clientId, new MemoryPersistence());
        c.setTimeToWait(10_000);
        MqttConnectOptions o = PahoOptions.v311();
        o.setCleanSession(false);
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        c.connect(o);
        return c;
    }

    /** A client an operator adds by hand: {@code mosquitto_ctrl dynsec createClient}. */
    private static void createByHand(MosquittoBroker broker, String user, String password) throws Exception {
        Process p = new ProcessBuilder("mosquitto_ctrl", "-h", "127.0.0.1", "-p", String.valueOf(broker.port), "-u", ADMIN,
                "-P", ADMIN_PASSWORD, "dynsec", "createClient", user, "-p", password).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, said);
    }
}
