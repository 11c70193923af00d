package limber.broker;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;

/**
 * Holds a connection's packets from its admitted CONNECT until Moquette counts the connection as
 * up ({@link SessionProbe}), checking every millisecond on the connection's own thread, with reads
 * paused meanwhile so the client is held back by TCP rather than by memory.
 */
final class SessionHold {
    /** After this, held packets go on to Moquette even if it never reported the connection up. */
    static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private SessionHold() {
    }

    /** True while Moquette has the admitted CONNECT but does not yet count the connection as up. */
    static boolean pending(Channel channel, Peer peer) {
        if (!peer.admitted || peer.sessionUp) {
            return false;
        }
        peer.sessionUp = SessionProbe.up(channel);
        return !peer.sessionUp;
    }

    /** Starts holding; {@code replay} runs on the connection's thread once the wait is over. */
    static void start(ChannelHandlerContext ctx, Peer peer, Runnable replay) {
        peer.holding = true;
        ctx.channel().config().setAutoRead(false);
        check(ctx, peer, System.nanoTime() + LIMIT_NANOS, replay);
    }

    private static void check(ChannelHandlerContext ctx, Peer peer, long until, Runnable replay) {
        ctx.executor().schedule(() -> {
            if (!ctx.channel().isActive()) {
                return; // the guard's channelInactive released what was held
            }
            if (pending(ctx.channel(), peer) && System.nanoTime() - until < 0) {
                check(ctx, peer, until, replay);
                return;
            }
            peer.holding = false;
            peer.sessionUp = true; // up, or waited long enough: Moquette decides
            replay.run();
        }, 1, TimeUnit.MILLISECONDS);
    }
}
