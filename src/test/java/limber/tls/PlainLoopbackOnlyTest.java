package limber.tls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** With TLS on, plain MQTT serves this machine only; the TLS ports serve everyone. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PlainLoopbackOnlyTest {
    private final PlainLoopbackOnly filter = new PlainLoopbackOnly(Set.of(41884), 48883, new ChannelInboundHandlerAdapter());

    private static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    @Test
    void plainPortAdmitsLoopbackOnly() {
        assertTrue(filter.admitted(at("127.0.0.1", 41884), at("127.0.0.1", 50000)));
        assertTrue(filter.admitted(at("::1", 41884), at("::1", 50000)));
        assertFalse(filter.admitted(at("192.0.2.10", 41884), at("192.0.2.77", 50000)));
        assertFalse(filter.admitted(at("0.0.0.0", 41884), at("198.51.100.4", 50000)));
    }

    @Test
    void tlsPortsAdmitTheLan() {
        assertTrue(filter.admitted(at("192.0.2.10", 48883), at("192.0.2.77", 50000)));
        assertTrue(filter.admitted(at("192.0.2.10", 48884), at("192.0.2.77", 50000)));
    }
}
