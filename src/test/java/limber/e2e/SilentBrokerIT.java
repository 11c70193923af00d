package limber.e2e;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.testing.EngineFixture;

/**
 * A broker that accepts the TCP connection and never answers the CONNECT (a hung broker, a wrong
 * service on the port). Paho alone would wait forever; the engine's start must fail in bounded time
 * and name the broker, so an unattended box restarts instead of sitting there silently.
 */
class SilentBrokerIT {
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void startFailsNamingTheBrokerWhenNoConnackComes() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept()); // read nothing, answer nothing, close nothing
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "silent-broker");
            acceptor.setDaemon(true);
            acceptor.start();
            String url = "tcp://127.0.0.1:" + silent.getLocalPort();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> EngineFixture.external(url));
            String message = e.getCause().getMessage();
            assertTrue(message.contains("no CONNACK"), message);
            assertTrue(message.contains(url), message);
            // every stalled attempt was tried on a fresh connection, and given up
            assertTrue(held.size() >= 2, "attempts: " + held.size());
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
