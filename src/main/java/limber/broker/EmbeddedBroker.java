package limber.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.BiConsumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.netty.handler.ssl.SslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.tls.PlainLoopbackOnly;

/**
 * Moquette inside the engine: MQTT over TCP for the engine and tools, MQTT over WebSocket for the
 * pages. Binds to the configured host (loopback by default) and keeps no state on disk: the
 * engine republishes every retained message when it starts. Every connection passes
 * {@link BrokerGuard} first (logins, topic refusals, the noise budget).
 */
public final class EmbeddedBroker {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** The largest MQTT packet accepted; larger ones close the connection (the engine's own are far smaller). */
    static final int MAX_PACKET_BYTES = 262_144;

    private final Server server = new Server();
    private final ConnectionTracker connections = new ConnectionTracker();
    private final EventTap events = new EventTap();
    private BrokerGuard guard;
    private boolean running;
    private Tls tls;

    /** {@code security} null means anonymous clients may connect (only ever on loopback, for development). */
    public record Settings(String host, int port, int websocketPort, String websocketPath, int sessionQueueSize,
                           BrokerSecurity security, MeterRegistry registry, int devicePublishesPerSecond,
                           int devicePublishBurst) {
    }

    /**
     * TLS on: MQTTS on {@code mqttsPort}, WSS instead of plain WebSocket on the websocket port, and
     * plain MQTT for loopback clients only.
     */
    public record Tls(SslContext context, int mqttsPort) {
    }

    /** Call before {@link #start}. */
    public void useTls(Tls tls) {
        this.tls = tls;
    }

    /** Blocking (about half a second); call before the event loop needs the broker. */
    public void start(Settings s) throws IOException {
        Properties p = new Properties();
        p.setProperty("host", s.host());
        p.setProperty("port", Integer.toString(s.port()));
        p.setProperty("websocket_port", tls == null ? Integer.toString(s.websocketPort()) : "disabled");
        if (tls != null) {
            p.setProperty("secure_websocket_port", Integer.toString(s.websocketPort()));
            p.setProperty("ssl_port", Integer.toString(tls.mqttsPort()));
        }
        p.setProperty("websocket_path", s.websocketPath());
        p.setProperty("allow_anonymous", Boolean.toString(s.security() == null));
        p.setProperty("allow_zero_byte_client_id", "true"); // mosquitto_sub and MQTT.js may send none
        p.setProperty("persistence_enabled", "false");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("use_metrics", "false"); // must stay off: AcceptorHook uses the slot it would fill
        p.setProperty("use_bugsnag", "false");
        p.setProperty("netty.mqtt.message_size", Integer.toString(MAX_PACKET_BYTES));
        p.setProperty("session_queue_size", Integer.toString(s.sessionQueueSize()));
        p.setProperty("immediate_buffer_flush", "true");
        // one interceptor thread: connections and device events reach the engine in the order they happened
        p.setProperty("intercept.thread_pool.size", "1");
        BrokerMeters meters = new BrokerMeters(s.registry());
        guard = new BrokerGuard(s.security(), meters,
                new BrokerGuard.Limits(s.devicePublishesPerSecond(), s.devicePublishBurst()));
        SessionLoopKeeper keeper = new SessionLoopKeeper(meters::sessionThreadRestarted);
        server.startServer(new MemoryConfig(p), List.of(connections, events, keeper), tls == null ? null : tls::context,
                s.security(), s.security());
        running = true;
        keeper.attach(server);
        AcceptorHook.install(server, tls == null ? guard
                : new PlainLoopbackOnly(Set.of(s.port()), tls.mqttsPort(), guard));
        requireGuard(s);
        LOG.info("embedded MQTT broker on {}:{} ({}WebSocket {}{})", s.host(), s.port(),
                tls == null ? "" : "plain MQTT for this machine only; MQTTS " + tls.mqttsPort() + ", secure ",
                s.websocketPort(), s.websocketPath());
    }

    /** One connection to ourselves must pass the guard, or the broker does not start. */
    private void requireGuard(Settings s) throws IOException {
        String host = s.host().equals("0.0.0.0") || s.host().equals("::") ? "127.0.0.1" : s.host();
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(host, s.port()), 5_000);
            if (!guard.sawConnectionWithin(5_000)) {
                throw new IllegalStateException("the connection guard is not in the embedded broker's pipeline ("
                        + AcceptorHook.WRITTEN_FOR + " expected)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checking the broker's connection guard", e);
        }
    }

    /** Whether {@code user} has a connection now, per the broker. */
    public boolean online(String user) {
        return connections.online(user);
    }

    /** Hears (user, online) whenever a login's first connection opens or its last one closes; any thread. */
    public void onPresence(BiConsumer<String, Boolean> listener) {
        connections.onChange(listener);
    }

    /**
     * Hands every device event the broker accepts to {@code sink} (topic, payload) on the broker's
     * interceptor thread, instead of the engine subscribing for them (see {@link EventTap}).
     */
    public void tapDeviceEvents(BiConsumer<String, byte[]> sink) {
        events.sink(sink);
    }

    /** Closes every connection of {@code user} (revoked, moved to another zone); returns how many. */
    public int disconnect(String user) {
        int n = 0;
        for (String clientId : connections.clientIds(user)) {
            if (server.disconnectClient(clientId)) {
                n++;
            }
        }
        return n;
    }

    public void stop() {
        if (running) {
            running = false;
            server.stopServer();
        }
        if (guard != null) {
            guard.close();
        }
    }
}
