package limber.broker;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.concurrent.BlockingQueue;

import io.moquette.broker.Server;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptExceptionMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Moquette's session threads alive. Moquette 0.17 runs the commands of every client id that
 * hashes to one of its session threads (one per core) on that thread, and one command that throws
 * ends the thread for good: from then on none of those clients can connect, subscribe or acknowledge.
 * A client acknowledging a message after its session ended (behind its DISCONNECT, or on a connection
 * its own reconnect just replaced) makes Moquette free that message twice and throw. Moquette fixed this
 * after 0.17, the last release served here. When a session thread dies this starts a new one on the
 * same queue under the same name (Moquette checks the name) and counts it; the failed command is lost,
 * the other clients of that thread are served on. Moquette's classes are package-private, so this goes by
 * reflection; {@code SessionLoopKeeperTest} fails if an upgrade moves them.
 */
final class SessionLoopKeeper extends AbstractInterceptHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLoopKeeper.class);

    private final Runnable onRestart;
    private volatile Object group;

    SessionLoopKeeper(Runnable onRestart) {
        this.onRestart = onRestart;
    }

    @Override
    public String getID() {
        return "limber-session-loops";
    }

    @Override
    public Class<?>[] getInterceptedMessageTypes() {
        return new Class<?>[] {InterceptExceptionMessage.class};
    }

    /** Finds the server's session threads; false (and a warning) if this Moquette keeps them elsewhere. */
    boolean attach(Server server) {
        try {
            Object registry = field(Server.class, "sessions").get(server);
            group = field(registry.getClass(), "loopsGroup").get(registry);
            loops();
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot reach Moquette's session threads ({}); one that dies will not be replaced", e.toString());
            return false;
        }
    }

    /** Called by Moquette on the dying session thread itself, from its uncaught-exception handler. */
    @Override
    public void onSessionLoopError(Throwable error) {
        replace(Thread.currentThread(), error);
    }

    private synchronized void replace(Thread dying, Throwable error) {
        if (group == null) {
            return;
        }
        try {
            Object loops = loops();
            BlockingQueue<?>[] queues = (BlockingQueue<?>[]) field(group.getClass(), "sessionQueues").get(group);
            Constructor<?> create = loops.getClass().getComponentType().getDeclaredConstructor(BlockingQueue.class);
            create.setAccessible(true);
            for (int i = 0; i < Array.getLength(loops); i++) {
                Thread old = (Thread) Array.get(loops, i);
                if (old != dying && old.isAlive()) {
                    continue;
                }
                Thread fresh = (Thread) create.newInstance(queues[i]);
                fresh.setName(old.getName());
                fresh.setUncaughtExceptionHandler(old.getUncaughtExceptionHandler());
                Array.set(loops, i, fresh);
                fresh.start();
                onRestart.run();
                LOG.error("the broker's {} stopped on an error ({}); a new one serves its clients", old.getName(),
                        error.toString());
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.error("could not replace a dead session thread of the broker; its clients are no longer served", e);
        }
    }

    private Object loops() throws ReflectiveOperationException {
        return field(group.getClass(), "sessionExecutors").get(group);
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
