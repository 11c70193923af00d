package limber.tls;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With TLS on, the embedded broker's plain MQTT ports serve this machine only (the engine's own
 * client, tools, scripts): a connection to one of them from another address is closed before it
 * sends a byte, with one WARN line a minute saying which port to use instead. Sits first in the
 * broker's pipeline and puts the handler that would have been there ({@code next}) right after itself.
 */
@Sharable
public final class PlainLoopbackOnly extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(PlainLoopbackOnly.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Set<Integer> plainPorts;
    private final int tlsPort;
    private final ChannelHandler next;
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    public PlainLoopbackOnly(Set<Integer> plainPorts, int tlsPort, ChannelHandler next) {
        this.plainPorts = Set.copyOf(plainPorts);
        this.tlsPort = tlsPort;
        this.next = next;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.pipeline().addAfter(ctx.name(), "limberAfterLoopbackCheck", next);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (admitted(ctx.channel().localAddress(), ctx.channel().remoteAddress())) {
            super.channelActive(ctx);
            return;
        }
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            LOG.warn("refused plain MQTT from {} on port {}: with TLS on, devices on the LAN use MQTTS on port {}"
                    + " (or WSS); plain MQTT serves this machine only", ctx.channel().remoteAddress(),
                    ((InetSocketAddress) ctx.channel().localAddress()).getPort(), tlsPort);
        }
        ctx.close();
    }

    boolean admitted(SocketAddress local, SocketAddress remote) {
        if (!(local instanceof InetSocketAddress l) || !plainPorts.contains(l.getPort())) {
            return true;
        }
        return remote instanceof InetSocketAddress r && r.getAddress() != null && r.getAddress().isLoopbackAddress();
    }
}
