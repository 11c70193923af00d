package limber.pages;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
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
 * Presence on an external Mosquitto (Dynamic Security, logins on): a paired display that keeps alive
 * every 4 s as the pages do, with its status and last will as the pages set them, goes silent behind
 * a relay that stops forwarding and closes nothing. Mosquitto gives up on it after 1.5 keepalives and
 * sends its will; the tablet's device list (GET /api/devices) shows it offline within 10 s.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MosquittoSilentPresenceIT {
    private static final String ADMIN = "limber-engine";
    private static final String ADMIN_PASSWORD = "dynsec-presence-admin-password";

    @Test
    void aSilentDisplayShowsOfflineWithinTenSeconds() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.shippedDynsec(ADMIN, ADMIN_PASSWORD);
             EngineFixture fx = EngineFixture.external(broker.url(), "--broker.dynamicSecurity=true",
                     "--broker.username=" + ADMIN, "--broker.password=" + ADMIN_PASSWORD);
             NetworkRelay relay = new NetworkRelay(broker.port)) {
            JsonNode paired = PairingRequest.pair(fx.api(), "display", "main-floor", "Wall right");
            String id = paired.get("deviceId").asText();
            MqttClient screen = new MqttClient("tcp://127.0.0.1:" + relay.port(), "page-" + id, new MemoryPersistence());
            MqttConnectOptions o = PahoOptions.v311();
            o.setUserName(id);
            o.setPassword(paired.get("secret").asText().toCharArray());
            o.setKeepAliveInterval(4); // as displays/shared/link.js
            byte[] offline = ("{\"state\":\"offline\",\"kind\":\"display\",\"zone\":\"main-floor\"}").getBytes(StandardCharsets.UTF_8);
            o.setWill(Topics.deviceStatus(id), offline, 1, true);
            screen.connect(o);
            screen.publish(Topics.deviceStatus(id), "{\"state\":\"online\",\"kind\":\"display\",\"zone\":\"main-floor\"}"
                    .getBytes(StandardCharsets.UTF_8), 1, true);
            await().atMost(Duration.ofSeconds(10)).until(() -> online(fx, id));
            JsonNode board = Pages.parse(adminPost(fx, "/api/devices", "{\"role\":\"observer\"}"));
            MqttProbe tablets = new MqttProbe(broker.url(), "board", board.get("id").asText(), board.get("secret").asText())
                    .subscribe(Topics.presence(id));

            long cutAt = System.currentTimeMillis();
            relay.cut();
            await().atMost(Duration.ofSeconds(12)).until(() -> !online(fx, id));
            long shownAt = System.currentTimeMillis();
            System.out.printf("[presence, Mosquitto] silent display listed offline %d ms after the cut%n", shownAt - cutAt);
            assertTrue(shownAt - cutAt <= 10_000, "offline " + (shownAt - cutAt) + " ms after the cut");
            // and retained per device for tablets, as on the embedded broker
            await().atMost(Duration.ofSeconds(5)).until(() -> tablets.on(Topics.presence(id)).stream()
                    .anyMatch(m -> m.json().path("state").asText().equals("offline")));
            tablets.close();
            screen.disconnectForcibly(100, 100, false);
            screen.close(true);
        }
    }

    private static String adminPost(EngineFixture fx, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fx.api() + path))
                .header("authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + EngineFixture.TRAINER_PASSWORD)
                        .getBytes(StandardCharsets.UTF_8))).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static boolean online(EngineFixture fx, String id) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fx.api() + "/api/devices"))
                .header("authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + EngineFixture.TRAINER_PASSWORD)
                        .getBytes(StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode d : Pages.parse(r.body())) {
            if (d.get("id").asText().equals(id)) {
                return d.get("online").asBoolean();
            }
        }
        return false;
    }
}
