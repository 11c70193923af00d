package limber.e2e;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import limber.testing.EngineFixture;

/** A taken MQTT port fails start-up at once with the port and the setting to change. */
class PortTakenIT {
    @Test
    void takenBrokerPortNamesTheSetting() throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = squatter.getLocalPort();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> EngineFixture.embedded("--broker.port=" + port));
            String message = e.getCause().getMessage();
            assertTrue(message.contains("broker.port"), message);
            assertTrue(message.contains(Integer.toString(port)), message);
            assertTrue(message.contains("LIMBER_BROKER_PORT"), message);
        }
    }
}
