package limber.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.testing.FreePorts;

/**
 * A real Moquette whose session thread is handed a command that throws, as Moquette's own double free
 * does: the next command for a client on that thread must still run. Also fails if an upgrade of
 * Moquette moves what the keeper reaches by reflection.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionLoopKeeperTest {
    private final Server server = new Server();
    private final AtomicInteger restarted = new AtomicInteger();
    private final SessionLoopKeeper keeper = new SessionLoopKeeper(restarted::incrementAndGet);

    @BeforeEach
    void start() throws Exception {
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", Integer.toString(FreePorts.next()));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("allow_anonymous", "true"); // no client connects: commands are handed to the thread directly
        server.startServer(new MemoryConfig(p), List.of(keeper));
        assertTrue(keeper.attach(server), "the keeper reaches Moquette's session threads");
    }

    @AfterEach
    void stop() {
        server.stopServer();
    }

    @Test
    void aSessionThreadThatDiesIsReplacedAndServesTheNextCommand() throws Exception {
        route("client-a", () -> {
            throw new IllegalStateException("what a double free looks like to the session thread");
        });
        AtomicBoolean ran = new AtomicBoolean();
        route("client-a", () -> {
            ran.set(true);
            return "ran";
        });
        await().atMost(Duration.ofSeconds(10)).untilTrue(ran);
        assertEquals(1, restarted.get(), "replaced and counted once");

        AtomicBoolean again = new AtomicBoolean();
        route("client-a", () -> {
            again.set(true);
            return "again";
        });
        await().atMost(Duration.ofSeconds(10)).untilTrue(again);
        assertEquals(1, restarted.get(), "a healthy thread is left alone");
    }

    /** Hands {@code command} to the session thread of {@code clientId}, as Moquette does for each packet. */
    private void route(String clientId, Callable<String> command) throws Exception {
        Field sessions = Server.class.getDeclaredField("sessions");
        sessions.setAccessible(true);
        Object registry = sessions.get(server);
        Field loopsGroup = registry.getClass().getDeclaredField("loopsGroup");
        loopsGroup.setAccessible(true);
        Object group = loopsGroup.get(registry);
        Method routeCommand = group.getClass().getDeclaredMethod("routeCommand", String.class, String.class, Callable.class);
        routeCommand.setAccessible(true);
        routeCommand.invoke(group, clientId, "test", command);
    }
}
