package limber.broker;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.moquette.interception.messages.InterceptConnectionLostMessage;
import io.moquette.interception.messages.InterceptDisconnectMessage;

/**
 * Who is connected to the embedded broker, per login, from the broker itself: a device that dies
 * without a word is seen gone when its keepalive runs out, whatever its last will said (Moquette
 * does not retain last wills). Counts connections per client id, so a client that takes over its own
 * session (connect, then the old connection's loss) stays online. Listeners hear (user, online) on
 * Moquette's interceptor thread.
 */
final class ConnectionTracker extends AbstractInterceptHandler {
    private final Map<String, Map<String, Integer>> byUser = new HashMap<>();
    private final List<BiConsumer<String, Boolean>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public String getID() {
        return "limber-connections";
    }

    @Override
    public Class<?>[] getInterceptedMessageTypes() {
        return new Class<?>[] {InterceptConnectMessage.class, InterceptDisconnectMessage.class,
            InterceptConnectionLostMessage.class};
    }

    @Override
    public void onSessionLoopError(Throwable error) {
        // Moquette logs these itself
    }

    void onChange(BiConsumer<String, Boolean> listener) {
        listeners.add(listener);
    }

    @Override
    public void onConnect(InterceptConnectMessage msg) {
        change(msg.getUsername(), msg.getClientID(), +1);
    }

    @Override
    public void onDisconnect(InterceptDisconnectMessage msg) {
        change(msg.getUsername(), msg.getClientID(), -1);
    }

    @Override
    public void onConnectionLost(InterceptConnectionLostMessage msg) {
        change(msg.getUsername(), msg.getClientID(), -1);
    }

    private void change(String user, String clientId, int delta) {
        if (user == null || clientId == null) {
            return;
        }
        boolean before;
        boolean after;
        synchronized (byUser) {
            Map<String, Integer> clients = byUser.computeIfAbsent(user, u -> new HashMap<>());
            before = !clients.isEmpty();
            int n = clients.getOrDefault(clientId, 0) + delta;
            if (n > 0) {
                clients.put(clientId, n);
            } else {
                clients.remove(clientId);
            }
            after = !clients.isEmpty();
            if (!after) {
                byUser.remove(user);
            }
        }
        if (before != after) {
            listeners.forEach(l -> l.accept(user, after));
        }
    }

    boolean online(String user) {
        synchronized (byUser) {
            return byUser.containsKey(user);
        }
    }

    Collection<String> clientIds(String user) {
        synchronized (byUser) {
            return List.copyOf(byUser.getOrDefault(user, Map.of()).keySet());
        }
    }
}
