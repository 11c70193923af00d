package limber.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import limber.protocol.Topics;
import limber.security.Credential;
import limber.testing.EngineFixture;
import limber.testing.RawClients;

class EmbeddedAccessControlIT extends AccessControlChecks {
    private static final byte[] CONNACK_ACCEPTED = {0x20, 2, 0, 0};
    private static final byte[] CONNACK_NOT_AUTHORIZED = {0x20, 2, 0, 5};

    @Override
    EngineFixture startEngine(List<Credential> devices) throws Exception {
        writeConfig(devices);
        return EngineFixture.embedded("--config-dir=" + configDir);
    }

    /** Moquette checks no topic rule on a will; the guard refuses a CONNECT whose will the login may not write. */
    @Test
    void aWillOnSomeoneElsesTopicIsRefusedAtConnect() throws Exception {
        fx = startEngine(devices());
        assertArrayEquals(CONNACK_NOT_AUTHORIZED, connectWithWill(Topics.cue("main-floor")));
        assertArrayEquals(CONNACK_NOT_AUTHORIZED, connectWithWill(Topics.deviceStatus("watch-2")));
        assertArrayEquals(CONNACK_ACCEPTED, connectWithWill(Topics.deviceStatus("watch-1")), "its own presence is fine");
        Http http = new Http(fx.api());
        assertEquals(1.0, http.metric("limber_broker_refusals_total", "kind=\"will\",reason=\"engine_only\""));
        assertEquals(1.0, http.metric("limber_broker_refusals_total", "kind=\"will\",reason=\"other_device\""));
    }

    /** What the broker answers (until it closes the connection, or 2 s pass) to one CONNECT with a will. */
    private byte[] connectWithWill(String willTopic) throws Exception {
        byte[] connect = RawClients.connect("watch-1-will-" + System.nanoTime(), "watch-1", PASSWORD, willTopic);
        byte[] answer = RawClients.sendAll(fx.mqttPort, List.of(connect), 2_000).get(0);
        return Arrays.copyOf(answer, Math.min(4, answer.length));
    }
}
