package limber.broker;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.security.LoginVerifier.Outcome;
import limber.security.WriteRefusal;

/**
 * One handler in every connection of the embedded broker, right before Moquette's own (installed by
 * {@link AcceptorHook}). It sees each decoded MQTT packet first and:
 * <ul>
 * <li>checks the login of a CONNECT through the {@link LoginGate} (never PBKDF2 on this thread) and
 * the topic of its will; only an admitted CONNECT reaches Moquette, whose own check then hits the cache;</li>
 * <li>acknowledges and drops a PUBLISH to a topic the login may not write (PUBACK for QoS 1, PUBREC
 * and later PUBCOMP for QoS 2), as MQTT 3.1.1 requires and Mosquitto 2 does;</li>
 * <li>closes connections that send junk, oversized packets or anything before CONNECT;</li>
 * </ul>
 * and counts each refusal ({@link BrokerMeters}) with at most one WARN line per source and kind a
 * minute ({@link NoiseLog}), where Moquette would log an error with a stack trace per connection or
 * stay silent and never acknowledge.
 */
@Sharable
final class BrokerGuard extends ChannelInboundHandlerAdapter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerGuard.class);
    private static final AttributeKey<Peer> PEER = AttributeKey.valueOf("limber.peer");
    private static final int SOURCES = 4096;

    /**
     * Device messages one connection may publish a second, and in a burst. Roomier than the engine's
     * own per-device limit, which stays the precise one: this one only keeps floods out of the broker.
     */
    record Limits(int perSecond, int burst) {
    }

    private final BrokerSecurity security;
    private final LoginGate gate;
    private final BrokerMeters meters;
    private final NoiseLog noise;
    private final Limits limits;
    private final PublishFilter publishes;
    private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();

    /** {@code security} null: logins are off (development), topics are not checked. */
    BrokerGuard(BrokerSecurity security, BrokerMeters meters, Limits limits) {
        this.security = security;
        this.limits = limits;
        this.gate = security == null ? null : new LoginGate(security.verifier());
        this.meters = meters;
        this.noise = new NoiseLog(LOG, SOURCES, NoiseLog.MINUTE, System::nanoTime, meters::suppressed);
        this.publishes = new PublishFilter(meters, noise, limits, (ctx, peer, why) -> refuse(ctx, peer, "protocol",
                "unreleased_qos2", "protocol violation", why));
    }

    /** True once this guard has seen a connection: proof that it sits in Moquette's pipeline. */
    boolean sawConnectionWithin(long millis) throws InterruptedException {
        try {
            firstConnection.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.channel().attr(PEER).set(new Peer(ctx.channel().remoteAddress()));
        firstConnection.complete(null);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Peer peer = ctx.channel().attr(PEER).get();
        if (peer != null) {
            peer.pending.forEach(ReferenceCountUtil::release);
            peer.pending.clear();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Peer peer = ctx.channel().attr(PEER).get();
        if (!peer.verifying && !peer.holding && SessionHold.pending(ctx.channel(), peer)) {
            SessionHold.start(ctx, peer, () -> replay(ctx, peer));
        }
        if (peer.verifying || peer.holding) {
            if (peer.pending.size() < Peer.MAX_PENDING) {
                peer.pending.add(msg);
            } else {
                ReferenceCountUtil.release(msg);
                refuse(ctx, peer, "protocol", "flood_before_login", "protocol violation",
                        "more than " + Peer.MAX_PENDING + " packets before the login was checked");
            }
            return;
        }
        if (!(msg instanceof MqttMessage m) || m.fixedHeader() == null || m.decoderResult().isFailure()) {
            Throwable cause = msg instanceof MqttMessage bad ? bad.decoderResult().cause() : null;
            ReferenceCountUtil.release(msg);
            badFrame(ctx, peer, cause);
            return;
        }
        MqttMessageType type = m.fixedHeader().messageType();
        if (type == MqttMessageType.CONNECT) {
            connect(ctx, peer, (MqttConnectMessage) m);
        } else if (!peer.admitted) {
            ReferenceCountUtil.release(m);
            refuse(ctx, peer, "protocol", "not_connected", "protocol violation", type + " before CONNECT");
        } else if (peer.disconnected) {
            // MQTT-3.14.4-1: nothing follows a DISCONNECT; an ack there made Moquette 0.17 free a message twice
            ReferenceCountUtil.release(m);
            refuse(ctx, peer, "protocol", "after_disconnect", "protocol violation", type + " after DISCONNECT");
        } else if (type == MqttMessageType.PUBLISH) {
            publishes.publish(ctx, peer, (MqttPublishMessage) m);
        } else if (type == MqttMessageType.PUBREL
                && peer.refusedQos2.remove(((MqttMessageIdVariableHeader) m.variableHeader()).messageId())) {
            reply(ctx, Replies.ack(MqttMessageType.PUBCOMP, ((MqttMessageIdVariableHeader) m.variableHeader()).messageId()));
        } else {
            peer.disconnected = type == MqttMessageType.DISCONNECT;
            ctx.fireChannelRead(m);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Peer peer = ctx.channel().attr(PEER).get();
        Throwable badFrame = decodeFailure(cause);
        if (badFrame != null && peer != null) {
            badFrame(ctx, peer, badFrame);
            return;
        }
        if (cause instanceof IOException) {
            // a watch walking out of Wi-Fi range, a killed client: not worth more than a debug line
            LOG.debug("connection from {} dropped: {}", peer == null ? "?" : peer.source, cause.toString());
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause); // real trouble: Moquette logs it in full
    }

    /**
     * The decoder's complaint, if {@code cause} is one: a DecoderException anywhere in the chain, or
     * the cause Moquette's message logger wraps in an IOException when it meets a packet the decoder
     * could not read (an unknown packet type, for one, is an IllegalArgumentException). Socket
     * errors carry no such cause.
     */
    static Throwable decodeFailure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof DecoderException) {
                return t;
            }
        }
        return cause instanceof IOException && cause.getCause() != null && !(cause.getCause() instanceof IOException)
                ? cause.getCause()
                : null;
    }

    private void connect(ChannelHandlerContext ctx, Peer peer, MqttConnectMessage c) {
        if (peer.connectSeen) {
            refuse(ctx, peer, "protocol", "second_connect", "protocol violation", "a second CONNECT");
            return;
        }
        peer.connectSeen = true;
        int level = c.variableHeader().version();
        if (level != 3 && level != 4) {
            refuseConnect(ctx, peer, MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION, "protocol",
                    "protocol_version", "protocol violation", "MQTT protocol level " + level + " (only 3.1 and 3.1.1)");
            return;
        }
        if (security == null) {
            admit(ctx, peer, c, null);
            return;
        }
        String user = c.variableHeader().hasUserName() ? c.payload().userName() : null;
        byte[] password = c.variableHeader().hasPassword() ? c.payload().passwordInBytes() : null;
        Outcome now = gate.check(user, password, ctx.channel()::isActive, ctx.executor(),
                later -> checked(ctx, peer, c, later));
        if (now != null) {
            decide(ctx, peer, c, now);
        } else {
            peer.verifying = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** On the connection's thread, once the login worker has checked. */
    private void checked(ChannelHandlerContext ctx, Peer peer, MqttConnectMessage c, Outcome outcome) {
        peer.verifying = false;
        decide(ctx, peer, c, outcome);
        replay(ctx, peer);
    }

    /** Passes on, in order, what came while the login was checked or the session was not yet up. */
    private void replay(ChannelHandlerContext ctx, Peer peer) {
        for (Object next = peer.pending.peek(); next != null; next = peer.pending.peek()) {
            if (!ctx.channel().isActive()) {
                return; // channelInactive released what was held
            }
            if (SessionHold.pending(ctx.channel(), peer)) {
                SessionHold.start(ctx, peer, () -> replay(ctx, peer));
                return;
            }
            channelRead(ctx, peer.pending.poll());
            if (peer.verifying || peer.holding) {
                return;
            }
        }
        ctx.channel().config().setAutoRead(true);
    }

    private void decide(ChannelHandlerContext ctx, Peer peer, MqttConnectMessage c, Outcome outcome) {
        if (!ctx.channel().isActive()) {
            return;
        }
        String user = c.payload().userName();
        if (!outcome.accepted()) {
            refuseConnect(ctx, peer, outcome == Outcome.BUSY ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE
                    : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, "login", LoginGate.reason(outcome),
                    "refused login", "user '" + NoiseLog.clean(user) + "' (" + LoginGate.reason(outcome) + ")");
            return;
        }
        meters.loginAccepted(outcome == Outcome.ACCEPTED_CACHED ? "cache" : "pbkdf2");
        String will = c.variableHeader().isWillFlag() ? c.payload().willTopic() : null;
        if (will != null && !security.rules(user).mayWrite(will)) {
            refuseConnect(ctx, peer, MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, "will",
                    WriteRefusal.reason(user, will), "refused will",
                    "'" + NoiseLog.clean(user) + "' may not publish its will to " + NoiseLog.clean(will));
            return;
        }
        admit(ctx, peer, c, user);
    }

    private void admit(ChannelHandlerContext ctx, Peer peer, MqttConnectMessage c, String user) {
        peer.admitted = true;
        peer.budget = new PublishBudget(limits.perSecond(), limits.burst(), System.nanoTime());
        peer.user = user;
        peer.rules = user == null ? null : security.rules(user);
        ctx.fireChannelRead(c);
    }

    /** Like Moquette: a client that does not read its acknowledgements does not get more buffered. */
    static void reply(ChannelHandlerContext ctx, MqttMessage m) {
        if (ctx.channel().isWritable()) {
            ctx.writeAndFlush(m);
        }
    }

    private void badFrame(ChannelHandlerContext ctx, Peer peer, Throwable cause) {
        boolean tooLong = cause instanceof TooLongFrameException;
        String what = cause == null ? "not an MQTT packet" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        refuse(ctx, peer, "frame", tooLong ? "oversized" : "malformed", tooLong ? "oversized packet" : "malformed frame",
                NoiseLog.clean(what) + "; connection closed");
    }

    private void refuse(ChannelHandlerContext ctx, Peer peer, String kind, String reason, String noiseKind, String detail) {
        refuseConnect(ctx, peer, null, kind, reason, noiseKind, detail);
    }

    /** Counts, logs within the noise budget, answers with a CONNACK of {@code code} (if any) and closes. */
    private void refuseConnect(ChannelHandlerContext ctx, Peer peer, MqttConnectReturnCode code, String kind,
                               String reason, String noiseKind, String detail) {
        meters.refused(kind, reason);
        noise.warn(peer.source, noiseKind, detail);
        if (code == null) {
            ctx.close();
        } else {
            ctx.writeAndFlush(Replies.connAck(code)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void close() {
        if (gate != null) {
            gate.close();
        }
    }
}
