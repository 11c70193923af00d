package limber.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;

/**
 * A TCP relay in front of the broker's WebSocket port that can stop forwarding without closing anything, as
 * a switch or an access point that drops packets does. While it is cut, no byte and no close passes in either
 * direction, and a new connection is accepted but gets no further; nothing tells either end. On restore, what
 * was held goes through in order, as TCP's retransmissions deliver it once the path is back. (The pages'
 * {@link Pages#NETWORK_SWITCH} closes the page's sockets instead, which a page hears about at once.)
 * A page goes through the relay when {@link #route(Page)} rewrites the broker port in its client config.
 */
final class NetworkRelay implements AutoCloseable {
    private static final long GATE_POLL_MS = 250;

    private final ServerSocket server;
    private final int targetPort;
    private final Object gate = new Object();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private boolean cut;
    private volatile boolean closed;

    NetworkRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "relay-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** Sends the page's MQTT connection through the relay: its client config names the relay's port. */
    NetworkRelay route(Page page) {
        page.route("**/api/client-config", route -> {
            APIResponse real = route.fetch();
            ObjectNode config = (ObjectNode) Pages.parse(real.text());
            ((ObjectNode) config.get("mqtt")).put("websocketPort", server.getLocalPort());
            route.fulfill(new Route.FulfillOptions().setStatus(real.status()).setContentType("application/json")
                    .setBody(config.toString()));
        });
        return this;
    }

    /** Where clients connect to go through the relay. */
    int port() {
        return server.getLocalPort();
    }

    /** Stops forwarding; every connection stays open at both ends. */
    void cut() {
        synchronized (gate) {
            cut = true;
        }
    }

    /** Forwards again, starting with what was held. */
    void restore() {
        synchronized (gate) {
            cut = false;
            gate.notifyAll();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed, or the broker refused: the page's connection attempt fails as it would
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    awaitForwarding();
                    out.write(buf, 0, n);
                    out.flush();
                }
                awaitForwarding(); // a close does not pass a cut either
            } catch (IOException e) {
                // one side went away: so does the other
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeQuietly(from);
            closeQuietly(to);
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private void awaitForwarding() throws InterruptedException {
        synchronized (gate) {
            while (cut && !closed) {
                gate.wait(GATE_POLL_MS);
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        restore();
        server.close();
        sockets.forEach(NetworkRelay::closeQuietly);
    }
}
