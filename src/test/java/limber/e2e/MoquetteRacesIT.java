package limber.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import limber.protocol.Topics;
import limber.security.Credential;
import limber.security.PasswordHash;
import limber.testing.DeviceConfig;
import limber.testing.EngineFixture;
import limber.testing.MqttProbe;
import limber.testing.RawClients;

/**
 * Races of Moquette 0.17 that clients hit, written on the wire as raw bytes.
 * <ul>
 * <li>MQTT 3.1.1 lets a client send packets right behind its CONNECT, without waiting for the CONNACK
 * (section 3.1.4). Moquette drops a connection whose SUBSCRIBE comes before it has marked the
 * connection connected, and a fast client on a busy box did exactly that (the engine's own link once,
 * devices in a reconnect storm); the broker's guard holds such packets. Here the SUBSCRIBE travels in
 * the same write as the CONNECT: on the first login (checked with PBKDF2) and on cached ones.</li>
 * <li>A client that acknowledges a QoS 1 message after its own DISCONNECT, in the same write (MQTT
 * forbids any packet after DISCONNECT; a client library racing its close did it in a test run).
 * Moquette frees the session's in-flight messages on the DISCONNECT and then frees the acknowledged
 * one again: the exception ended the session thread that serves every client id hashed to it, so from
 * then on none of them could connect. The guard refuses anything after a DISCONNECT (counted), so
 * Moquette never sees the ack and no session thread has to be replaced ({@code SessionLoopKeeperTest}
 * covers the replacement for what the guard cannot foresee).</li>
 * </ul>
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MoquetteRacesIT {
    private static final String PASSWORD = "device-password-1";

    @TempDir
    Path configDir;
    EngineFixture fx;

    @BeforeEach
    void up() throws Exception {
        DeviceConfig.write(configDir, List.of(new Credential("display-1", "display", "main-floor", PasswordHash.hash(PASSWORD))));
        fx = EngineFixture.embedded("--config-dir=" + configDir);
    }

    @AfterEach
    void down() throws Exception {
        fx.close();
    }

    @Test
    void aSubscribeSentInTheSameWriteAsTheConnectIsAcknowledged() throws IOException {
        for (int i = 0; i < 5; i++) { // the first login runs PBKDF2, the others come from the cache
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", fx.mqttPort), 5_000);
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write(RawClients.connect("display-1-" + i, "display-1", PASSWORD));
                out.write(RawClients.subscribe(Topics.cue("main-floor"), 7));
                out.flush();
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] connack = new byte[4];
                in.readFully(connack);
                assertEquals(0x20, connack[0] & 0xF0, "CONNACK first");
                assertEquals(0, connack[3], "login " + i + " accepted");
                int type;
                while ((type = in.readUnsignedByte() & 0xF0) != 0x90) { // a retained cue may come first
                    in.skipNBytes(RawClients.remainingLength(in));
                }
                byte[] suback = new byte[RawClients.remainingLength(in)];
                in.readFully(suback);
                assertEquals(0x90, type);
                assertEquals(7, suback[1], "SUBACK for packet 7 on connection " + i);
                assertNotEquals(0x80, suback[2] & 0xFF, "subscription granted on connection " + i);
            }
        }
    }

    @Test
    void anAckBehindADisconnectLeavesTheBrokerServingEveryClient() throws Exception {
        String rude = "display-1-rude";
        for (int round = 0; round < 3; round++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", fx.mqttPort), 5_000);
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write(RawClients.connect(rude, "display-1", PASSWORD));
                out.write(RawClients.subscribe(Topics.assignment("display-1"), 7));
                out.flush();
                DataInputStream in = new DataInputStream(s.getInputStream());
                int packetId = firstQos1Publish(in);
                out.write(new byte[] {(byte) 0xE0, 0, 0x40, 2, (byte) (packetId >> 8), (byte) packetId});
                out.flush();
            }
            // a client served by the same Moquette session thread as the rude one still gets in and is served
            try (MqttProbe next = new MqttProbe(fx.brokerUrl, sameSessionThreadAs(rude, round), "display-1", PASSWORD)
                    .subscribe(Topics.assignment("display-1"))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !next.on(Topics.assignment("display-1")).isEmpty());
            }
        }
        Http http = new Http(fx.api());
        assertEquals(3.0, http.metric("limber_broker_refusals_total", "kind=\"protocol\",reason=\"after_disconnect\""));
        // made at start: 0 here means none died, not that the keeper is not wired
        assertTrue(http.get("/metrics").body().contains("limber_broker_session_threads_restarted_total{kind=\"moquette\"} 0.0"),
                "the restart counter is exported, at 0");
    }

    /** Reads until a QoS 1 PUBLISH arrives (the retained assignment) and returns its packet id. */
    private static int firstQos1Publish(DataInputStream in) throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            byte[] body = new byte[RawClients.remainingLength(in)];
            in.readFully(body);
            if ((first & 0xF0) == 0x30 && (first & 0x06) == 0x02) {
                int topicLength = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
                return ((body[2 + topicLength] & 0xFF) << 8) | (body[3 + topicLength] & 0xFF);
            }
        }
    }

    /** Moquette picks a session thread by the client id's hash modulo the processor count. */
    private static String sameSessionThreadAs(String clientId, int round) {
        int loops = Runtime.getRuntime().availableProcessors();
        int target = Math.abs(clientId.hashCode()) % loops;
        for (int i = round * 1000; ; i++) {
            String candidate = "display-1-next-" + i;
            if (Math.abs(candidate.hashCode()) % loops == target) {
                assertEquals(target, Math.abs(candidate.hashCode()) % loops);
                return candidate;
            }
        }
    }
}
