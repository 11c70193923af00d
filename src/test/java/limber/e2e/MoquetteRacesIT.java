package limber.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
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
import limber.testing.RawClients;

/**
 * MQTT 3.1.1 lets a client send packets right behind its CONNECT, without waiting for the CONNACK
 * (section 3.1.4). Moquette 0.17 drops a connection whose SUBSCRIBE comes before it has marked the
 * connection connected, and a fast client on a busy box did exactly that (the engine's own link once,
 * devices in a reconnect storm); the broker's guard holds such packets. Here the SUBSCRIBE travels in
 * the same write as the CONNECT: on the first login (checked with PBKDF2) and on cached ones.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipelinedSubscribeIT {
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
}
