package limber.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.protocol.Topics;
import limber.testing.EngineFixture;
import limber.testing.MqttProbe;
import limber.testing.PairingRequest;

/**
 * Bringing a device onto the floor with logins on (the shipped default): a screen asks for a code
 * over HTTP and waits on that request, an admin approves it, the screen gets its own secret and logs
 * in to the broker; a revoked device is cut off and refused; a moved one is made to reconnect and
 * then reads only its new zone; everything survives a restart. Trainers are managed the same way.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PairingIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aScreenPairsLogsInIsMovedAndRevoked() throws Exception {
        EngineFixture fx = EngineFixture.embedded();
        try {
            Http admin = new Http(fx.api());
            String code;
            JsonNode paired;
            try (PairingRequest screen = new PairingRequest(fx.api(), "display")) {
                assertEquals(200, screen.status);
                JsonNode first = screen.next("code");
                code = first.get("code").asText();
                assertTrue(code.matches("[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}"), code);
                assertTrue(first.get("expiresAt").asLong() > System.currentTimeMillis() + 9 * 60_000);
                assertEquals(200, new Http(fx.api(), null, null).get("/api/pairing/" + code + "/qr.svg").status());

                String body = "{\"role\":\"display\",\"zone\":\"main-floor\",\"name\":\"Wall left\"}";
                assertEquals(404, admin.post("/api/pairing/AAAAAA/approve", body).status(), "nobody waits on it");
                assertEquals(400, admin.post("/api/pairing/" + code + "/approve",
                        "{\"role\":\"display\",\"zone\":\"nowhere\",\"name\":\"x\"}").status());
                // typed in lower case with a space: still the code
                String typed = code.substring(0, 3).toLowerCase() + " " + code.substring(3);
                Http.Response approved = admin.post("/api/pairing/" + typed.replace(" ", "%20") + "/approve", body);
                assertEquals(200, approved.status(), approved.body());
                paired = screen.next("paired");
            }
            String id = paired.get("deviceId").asText();
            String secret = paired.get("secret").asText();
            assertTrue(id.startsWith("display-"), id);
            assertEquals(404, admin.post("/api/pairing/" + code + "/approve",
                    "{\"role\":\"display\",\"zone\":\"main-floor\",\"name\":\"Again\"}").status(), "a code is used once");

            MqttProbe screen = new MqttProbe(fx.brokerUrl, "page-" + id, id, secret)
                    .subscribe(Topics.assignment(id)).subscribe("limber/v1/zones/main-floor/#");
            await().atMost(WAIT).until(() -> screen.on(Topics.assignment(id)).stream()
                    .anyMatch(m -> m.payload().contains("\"zone\":\"main-floor\"")));
            JsonNode listed = device(admin, id);
            assertEquals("Wall left", listed.get("name").asText());
            assertTrue(listed.get("online").asBoolean());
            assertEquals("paired", listed.get("source").asText());
            assertThrows(MqttException.class, () -> new MqttProbe(fx.brokerUrl, "guess", id, "not-the-secret").close());

            // moved: cut off so it subscribes again, and afterwards refused its old zone
            assertEquals(200, admin.patch("/api/devices/" + id, "{\"zone\":\"studio-b\"}").status());
            await().atMost(Duration.ofSeconds(2)).until(() -> !screen.client().isConnected());
            screen.close();
            try (MqttProbe moved = new MqttProbe(fx.brokerUrl, "page2-" + id, id, secret)) {
                // Paho throws when the SUBACK refuses (0x80)
                assertThrows(MqttException.class, () -> moved.client().subscribe("limber/v1/zones/main-floor/#", 1),
                        "the old zone");
                moved.subscribe("limber/v1/zones/studio-b/#");
            }

            // revoked: cut off within 2 s and refused afterwards
            MqttProbe again = new MqttProbe(fx.brokerUrl, "page3-" + id, id, secret);
            JsonNode board = admin.post("/api/devices", "{\"role\":\"observer\"}").json();
            MqttProbe presence = new MqttProbe(fx.brokerUrl, "board", board.get("id").asText(), board.get("secret").asText())
                    .subscribe(Topics.presence(id));
            await().atMost(WAIT).until(() -> !presence.on(Topics.presence(id)).isEmpty() && presence.on(Topics.presence(id))
                    .get(presence.on(Topics.presence(id)).size() - 1).json().path("state").asText().equals("online"));
            presence.received.clear();
            assertEquals(200, admin.delete("/api/devices/" + id).status());
            await().atMost(Duration.ofSeconds(2)).until(() -> !again.client().isConnected());
            again.close();
            // its retained presence says so, though it is no longer a login
            await().atMost(WAIT).until(() -> presence.on(Topics.presence(id)).stream()
                    .anyMatch(m -> m.json().path("state").asText().equals("offline")));
            presence.close();
            MqttException refused = assertThrows(MqttException.class, () -> new MqttProbe(fx.brokerUrl, "page4", id, secret));
            assertTrue(refused instanceof MqttSecurityException || refused.getReasonCode() == 5, refused.toString());
            JsonNode removed = device(admin, id);
            assertTrue(removed.get("revoked").asBoolean(), "listed as removed: " + removed);
            assertFalse(removed.get("online").asBoolean());
        } finally {
            fx.close();
        }
    }

    @Test
    void pairedDevicesAndTrainersSurviveARestart() throws Exception {
        EngineFixture fx = EngineFixture.embedded();
        String id;
        String secret;
        String samPassword;
        try {
            Http admin = new Http(fx.api());
            try (PairingRequest watch = new PairingRequest(fx.api(), "watch")) {
                String code = watch.next("code").get("code").asText();
                assertEquals(200, admin.post("/api/pairing/" + code + "/approve",
                        "{\"role\":\"watch\",\"zone\":\"main-floor\",\"name\":\"Watch 7\"}").status());
                JsonNode p = watch.next("paired");
                id = p.get("deviceId").asText();
                secret = p.get("secret").asText();
            }
            Http.Response sam = admin.post("/api/trainers", "{\"name\":\"sam\",\"admin\":false}");
            assertEquals(201, sam.status(), sam.body());
            samPassword = sam.json().get("password").asText();
            Http asSam = new Http(fx.api(), "sam", samPassword);
            assertEquals(false, asSam.get("/api/me").json().get("admin").asBoolean());
            assertEquals(403, asSam.get("/api/devices").status(), "not an admin");
            JsonNode token = asSam.get("/api/mqtt-login").json();
            try (MqttProbe tablet = new MqttProbe(fx.brokerUrl, "tablet-sam", token.get("username").asText(),
                    token.get("password").asText())) {
                tablet.subscribe("limber/v1/zones/+/session");
            }
        } finally {
            fx.close();
        }
        EngineFixture restarted = EngineFixture.embedded("--store.path="
                + fx.dataDir.resolve("limber.db"));
        try {
            new MqttProbe(restarted.brokerUrl, "watch-page", id, secret).close();
            Http admin = new Http(restarted.api());
            assertNotNull(device(admin, id));
            assertEquals(200, new Http(restarted.api(), "sam", samPassword).get("/api/me").status());
            assertEquals(200, admin.patch("/api/trainers/sam", "{\"disabled\":true}").status());
            assertEquals(401, new Http(restarted.api(), "sam", samPassword).get("/api/me").status());
            assertEquals(409, admin.patch("/api/trainers/admin", "{\"disabled\":true}").status(), "not yourself");
        } finally {
            restarted.close();
        }
    }

    @Test
    void anAdminCreatesLoginsForDevicesThatCannotShowACode() throws Exception {
        try (EngineFixture fx = EngineFixture.embedded()) {
            Http admin = new Http(fx.api());
            Http.Response watch = admin.post("/api/devices", "{\"id\":\"watch-sim-1\",\"role\":\"watch\",\"zone\":\"main-floor\"}");
            assertEquals(201, watch.status(), watch.body());
            assertEquals(409, admin.post("/api/devices", "{\"id\":\"watch-sim-1\",\"role\":\"watch\",\"zone\":\"main-floor\"}")
                    .status());
            assertEquals(400, admin.post("/api/devices", "{\"id\":\"bad id\",\"role\":\"watch\",\"zone\":\"main-floor\"}")
                    .status());
            assertEquals(400, admin.post("/api/devices", "{\"role\":\"engine\"}").status(), "not a role an admin hands out");
            Http.Response observer = admin.post("/api/devices", "{\"role\":\"observer\",\"name\":\"Front desk board\"}");
            assertEquals(201, observer.status(), observer.body());
            try (MqttProbe board = new MqttProbe(fx.brokerUrl, "board", observer.json().get("id").asText(),
                    observer.json().get("secret").asText()).subscribe("limber/v1/#");
                 MqttProbe w = new MqttProbe(fx.brokerUrl, "sim", "watch-sim-1", watch.json().get("secret").asText())) {
                w.publish(Topics.deviceStatus("watch-sim-1"), "{\"state\":\"online\",\"kind\":\"watch\",\"zone\":\"main-floor\"}", 1);
                await().atMost(WAIT).until(() -> !board.on(Topics.deviceStatus("watch-sim-1")).isEmpty());
            }
        }
    }

    private static JsonNode device(Http admin, String id) throws Exception {
        for (JsonNode d : admin.get("/api/devices").json()) {
            if (d.get("id").asText().equals(id)) {
                return d;
            }
        }
        return null;
    }
}
