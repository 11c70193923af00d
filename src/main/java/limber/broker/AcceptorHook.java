package limber.broker;

import java.lang.reflect.Field;
import java.util.Optional;

import io.moquette.broker.Server;
import io.netty.channel.ChannelInboundHandler;

/**
 * Puts {@link BrokerGuard} into every connection Moquette accepts. Moquette 0.17 has no public way
 * to add a Netty handler; its {@code NewNettyAcceptor} adds the handler held in its private field
 * {@code metrics} (meant for DropWizard metrics, used only with {@code use_metrics}, which stays off)
 * to each new pipeline, between its message logger and its MQTT handler, the very spot the guard
 * needs. This class sets that field right after start-up. It relies on 0.17 internals: the
 * dependency is pinned, {@code AcceptorHookTest} fails if the fields move, and start-up fails with
 * this message rather than run unguarded.
 */
final class AcceptorHook {
    static final String WRITTEN_FOR = "io.moquette:moquette-broker:0.17";

    private AcceptorHook() {
    }

    static void install(Server server, ChannelInboundHandler handler) {
        try {
            Field acceptorField = Server.class.getDeclaredField("acceptor");
            acceptorField.setAccessible(true);
            Object acceptor = acceptorField.get(server);
            if (acceptor == null) {
                throw new IllegalStateException("the server has no acceptor yet (call after startServer)");
            }
            Field metrics = acceptor.getClass().getDeclaredField("metrics");
            if (metrics.getType() != Optional.class) {
                throw new IllegalStateException(acceptor.getClass().getName() + ".metrics is a " + metrics.getType());
            }
            metrics.setAccessible(true);
            metrics.set(acceptor, Optional.of(handler));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot put limber's connection guard into the embedded broker: this code"
                    + " relies on " + WRITTEN_FOR + " internals (Server.acceptor, NewNettyAcceptor.metrics): " + e, e);
        }
    }
}
