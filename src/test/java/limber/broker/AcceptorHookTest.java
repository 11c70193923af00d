package limber.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.Optional;

import io.moquette.broker.Server;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker's guard relies on Moquette 0.17 internals ({@code Server.acceptor},
 * {@code NewNettyAcceptor.metrics}, added to every connection's pipeline). Upgrading Moquette must
 * fail here, loudly, not run without the guard.
 */
class AcceptorHookTest {
    @Test
    void moquetteStillHasTheFieldsTheHookSets() throws Exception {
        Field acceptor = Server.class.getDeclaredField("acceptor");
        assertEquals("io.moquette.broker.NewNettyAcceptor", acceptor.getType().getName());
        Field metrics = acceptor.getType().getDeclaredField("metrics");
        assertEquals(Optional.class, metrics.getType());
        assertTrue(metrics.getGenericType().getTypeName().contains("ChannelInboundHandler"), metrics.getGenericType().getTypeName());
        String version = Server.class.getPackage().getImplementationVersion();
        assertTrue(version == null || version.equals("0.17"), "written for Moquette 0.17, found " + version);
    }

    @Test
    void installingBeforeTheServerStartedFailsWithAClearMessage() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AcceptorHook.install(new Server(), new ChannelInboundHandlerAdapter()));
        assertTrue(e.getMessage().contains(AcceptorHook.WRITTEN_FOR), e.getMessage());
    }
}
