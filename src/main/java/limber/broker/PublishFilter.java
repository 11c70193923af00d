package limber.broker;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.ReferenceCountUtil;

import limber.security.WriteRefusal;

/**
 * The guard's view of a PUBLISH: a topic the login may not write, or a device message over the
 * connection's budget, is acknowledged as MQTT 3.1.1 requires, dropped before Moquette queues it,
 * and counted; everything else goes on to Moquette.
 */
final class PublishFilter {
    private static final String DEVICES = "limber/v1/devices/";
    private static final String TIME = "limber/v1/time/";

    /** Closes a connection that broke the protocol, with the detail for the log. */
    interface Violation {
        void refuse(ChannelHandlerContext ctx, Peer peer, String detail);
    }

    private final BrokerMeters meters;
    private final NoiseLog noise;
    private final BrokerGuard.Limits limits;
    private final Violation violation;

    PublishFilter(BrokerMeters meters, NoiseLog noise, BrokerGuard.Limits limits, Violation violation) {
        this.meters = meters;
        this.noise = noise;
        this.limits = limits;
        this.violation = violation;
    }

    void publish(ChannelHandlerContext ctx, Peer peer, MqttPublishMessage p) {
        String topic = p.variableHeader().topicName();
        if (!peer.mayWrite(topic)) {
            String reason = WriteRefusal.reason(peer.user, topic);
            drop(ctx, peer, p, reason, "refused publish", "'" + NoiseLog.clean(peer.user) + "' may not publish to "
                    + NoiseLog.clean(topic) + " (" + reason + "); acknowledged and dropped");
            return;
        }
        if (fromADevice(topic) && !peer.budget.take(System.nanoTime())) {
            drop(ctx, peer, p, "rate_limited", "over its rate", "'" + NoiseLog.clean(peer.user) + "' publishes faster than "
                    + limits.perSecond() + " a second (burst " + limits.burst() + "); acknowledged and dropped");
            return;
        }
        ctx.fireChannelRead(p);
    }

    /**
     * What devices send the engine (events, status, clock pings): the topics a broken device floods.
     * Only these: what the engine sends to devices (acks, assignments, presence) is never budgeted.
     */
    static boolean fromADevice(String topic) {
        return topic.startsWith(DEVICES) && (topic.endsWith("/events") || topic.endsWith("/status"))
                || topic.startsWith(TIME) && topic.endsWith("/ping");
    }

    /** Acknowledges as MQTT 3.1.1 requires (PUBACK, or PUBREC and later PUBCOMP), drops, counts. */
    private void drop(ChannelHandlerContext ctx, Peer peer, MqttPublishMessage p, String reason, String noiseKind,
                      String detail) {
        int id = p.variableHeader().packetId();
        MqttQoS qos = p.fixedHeader().qosLevel();
        ReferenceCountUtil.release(p);
        meters.refused("publish", reason);
        noise.warn(peer.source, noiseKind, detail);
        if (qos == MqttQoS.AT_LEAST_ONCE) {
            BrokerGuard.reply(ctx, Replies.ack(MqttMessageType.PUBACK, id));
        } else if (qos == MqttQoS.EXACTLY_ONCE) {
            if (peer.refusedQos2.size() >= Peer.MAX_REFUSED_QOS2) {
                violation.refuse(ctx, peer, Peer.MAX_REFUSED_QOS2 + " QoS 2 publishes never released");
                return;
            }
            peer.refusedQos2.add(id);
            BrokerGuard.reply(ctx, Replies.ack(MqttMessageType.PUBREC, id));
        }
    }
}
