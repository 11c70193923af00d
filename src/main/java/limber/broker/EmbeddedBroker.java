package limber.broker;

import java.io.IOException;
import java.util.List;
import java.util.Properties;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moquette inside the engine: MQTT over TCP for the engine and tools, MQTT over WebSocket for the
 * pages. Binds to the configured host (loopback by default) and keeps no state on disk: the
 * engine republishes every retained message when it starts.
 */
public final class EmbeddedBroker {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final Server server = new Server();
    private boolean running;

    /** {@code security} null means anonymous clients may connect (only ever on loopback, for development). */
    public record Settings(String host, int port, int websocketPort, String websocketPath, int sessionQueueSize,
                           BrokerSecurity security) {
    }

    /** Blocking (about half a second); call before the event loop needs the broker. */
    public void start(Settings s) throws IOException {
        Properties p = new Properties();
        p.setProperty("host", s.host());
        p.setProperty("port", Integer.toString(s.port()));
        p.setProperty("websocket_port", Integer.toString(s.websocketPort()));
        p.setProperty("websocket_path", s.websocketPath());
        p.setProperty("allow_anonymous", Boolean.toString(s.security() == null));
        p.setProperty("allow_zero_byte_client_id", "true"); // mosquitto_sub and MQTT.js may send none
        p.setProperty("persistence_enabled", "false");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("use_metrics", "false");
        p.setProperty("use_bugsnag", "false");
        p.setProperty("netty.mqtt.message_size", "262144");
        p.setProperty("session_queue_size", Integer.toString(s.sessionQueueSize()));
        p.setProperty("immediate_buffer_flush", "true");
        server.startServer(new MemoryConfig(p), List.of(), null, s.security(), s.security());
        running = true;
        LOG.info("embedded MQTT broker on {}:{} (WebSocket {}{})", s.host(), s.port(), s.websocketPort(), s.websocketPath());
    }

    public void stop() {
        if (running) {
            running = false;
            server.stopServer();
        }
    }
}
