package limber.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.moquette.broker.metrics.MQTTMessageLogger;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.security.Credential;
import limber.security.PasswordHash;

/**
 * The guard in a Netty pipeline without a network: Netty's MQTT decoder and Moquette's own
 * message logger in front of it (as in the broker), a recorder standing in for Moquette's handler
 * behind it. Packets go in as decoded messages or as raw bytes; what the guard answers comes out.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BrokerGuardTest {
    private static final String PASSWORD = "device-password-1";
    /** Twice the shipped per-device limits (20 a second, bursts of 60), as the engine sets them. */
    private static final BrokerGuard.Limits LIMITS = new BrokerGuard.Limits(40, 120);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Object> passedOn = new ArrayList<>();
    private BrokerGuard guard;

    @AfterEach
    void closeGuard() {
        if (guard != null) {
            guard.close();
        }
    }

    private EmbeddedChannel channel(boolean logins) {
        String h = PasswordHash.hash(PASSWORD);
        BrokerSecurity security = logins ? new BrokerSecurity(List.of(new Credential("watch-1", "watch", "main-floor", h)),
                new Credential("engine", "engine", null, h)) : null;
        guard = new BrokerGuard(security, new BrokerMeters(registry), LIMITS);
        return new EmbeddedChannel(new MqttDecoder(EmbeddedBroker.MAX_PACKET_BYTES), MqttEncoder.INSTANCE,
                new MQTTMessageLogger(), guard, new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        passedOn.add(msg);
                    }
                });
    }

    private double refused(String kind, String reason) {
        return registry.counter("limber.broker.refusals", "kind", kind, "reason", reason).count();
    }

    private static MqttMessage connect(String user, String password, String willTopic) {
        MqttMessageBuilders.ConnectBuilder b = MqttMessageBuilders.connect().clientId("c1")
                .protocolVersion(MqttVersion.MQTT_3_1_1).cleanSession(true).username(user)
                .password(password.getBytes(StandardCharsets.UTF_8));
        if (willTopic != null) {
            b.willFlag(true).willTopic(willTopic).willMessage("{}".getBytes(StandardCharsets.UTF_8)).willQoS(MqttQoS.AT_LEAST_ONCE);
        }
        return b.build();
    }

    private static MqttMessage publish(String topic, MqttQoS qos, int id) {
        return MqttMessageBuilders.publish().topicName(topic).qos(qos).messageId(id)
                .payload(Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8)).build();
    }

    /** Logs in watch-1 (PBKDF2 on the login worker, then back on the channel's thread). */
    private EmbeddedChannel loggedIn() {
        EmbeddedChannel ch = channel(true);
        ch.writeInbound(connect("watch-1", PASSWORD, null));
        await().atMost(Duration.ofSeconds(10)).pollInSameThread().pollInterval(Duration.ofMillis(5)).until(() -> {
            ch.runPendingTasks(); // the login worker hands its outcome back as a task on this channel
            return !passedOn.isEmpty();
        });
        assertEquals(1, passedOn.size(), "the CONNECT reached Moquette once the login was checked");
        return ch;
    }

    @Test
    void aForbiddenQos1PublishIsAcknowledgedAndDropped() {
        EmbeddedChannel ch = loggedIn();
        ch.writeInbound(publish("limber/v1/devices/watch-2/events", MqttQoS.AT_LEAST_ONCE, 7));
        MqttMessage ack = out(ch);
        assertEquals(MqttMessageType.PUBACK, ack.fixedHeader().messageType());
        assertEquals(7, ((MqttMessageIdVariableHeader) ack.variableHeader()).messageId());
        assertEquals(1, passedOn.size(), "nothing passed on to Moquette");
        assertTrue(ch.isActive());
        assertEquals(1.0, refused("publish", "other_device"));

        ch.writeInbound(publish("limber/v1/devices/watch-1/events", MqttQoS.AT_LEAST_ONCE, 8));
        assertEquals(2, passedOn.size(), "its own topic goes through");
        assertNull(out(ch), "and Moquette, not the guard, acknowledges it");
    }

    @Test
    void aFloodOfDeviceMessagesIsCutBackAtTheDoorAndStillAcknowledged() {
        EmbeddedChannel ch = loggedIn();
        for (int i = 1; i <= 1_000; i++) {
            ch.writeInbound(publish("limber/v1/devices/watch-1/events", MqttQoS.AT_LEAST_ONCE, i));
        }
        int through = passedOn.size() - 1;
        assertTrue(through >= LIMITS.burst() && through < LIMITS.burst() + 40, "a burst and a little more: " + through);
        int acks = 0;
        for (MqttMessage m = out(ch); m != null; m = out(ch)) {
            assertEquals(MqttMessageType.PUBACK, m.fixedHeader().messageType());
            acks++;
        }
        assertEquals(1_000 - through, acks, "every dropped QoS 1 publish still gets its PUBACK");
        assertEquals(1_000.0 - through, refused("publish", "rate_limited"));
        assertTrue(ch.isActive(), "the device stays connected and may go on at its rate");
        assertTrue(PublishFilter.fromADevice("limber/v1/time/watch-1/ping"));
        assertFalse(PublishFilter.fromADevice("limber/v1/devices/watch-1/acks"), "the engine's acks are not limited");
        assertFalse(PublishFilter.fromADevice("limber/v1/devices/watch-1/assignment"), "nor what it tells devices");
        assertFalse(PublishFilter.fromADevice("limber/v1/devices/watch-1/presence"));
        assertFalse(PublishFilter.fromADevice("limber/v1/zones/main-floor/cue"), "nor its cues");
    }

    @Test
    void aForbiddenQos2PublishGetsPubrecThenPubcompAndQos0IsDropped() {
        EmbeddedChannel ch = loggedIn();
        ch.writeInbound(publish("limber/v1/zones/main-floor/cue", MqttQoS.EXACTLY_ONCE, 9));
        assertEquals(MqttMessageType.PUBREC, (out(ch)).fixedHeader().messageType());
        ch.writeInbound(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBREL, false,
                MqttQoS.AT_LEAST_ONCE, false, 2), MqttMessageIdVariableHeader.from(9)));
        MqttMessage comp = out(ch);
        assertEquals(MqttMessageType.PUBCOMP, comp.fixedHeader().messageType());
        assertEquals(9, ((MqttMessageIdVariableHeader) comp.variableHeader()).messageId());
        ch.writeInbound(publish("limber/v1/zones/main-floor/cue", MqttQoS.AT_MOST_ONCE, 0));
        assertNull(out(ch));
        assertEquals(1, passedOn.size(), "neither reached Moquette");
        assertEquals(2.0, refused("publish", "engine_only"));
    }

    @Test
    void badLoginsAndForbiddenWillsGetTheirConnackAndTheConnectionCloses() {
        EmbeddedChannel ch = channel(true);
        ch.writeInbound(connect("nobody", PASSWORD, null));
        assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, connack(ch));
        assertFalse(ch.isActive());
        assertEquals(1.0, refused("login", "unknown_user"));

        EmbeddedChannel will = channel(true);
        will.writeInbound(connect("watch-1", PASSWORD, "limber/v1/devices/watch-2/status"));
        assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, connack(will));
        assertFalse(will.isActive());
        assertEquals(1.0, refused("will", "other_device"));
        assertTrue(passedOn.isEmpty(), "Moquette saw neither CONNECT");
    }

    /** The next packet the guard wrote, decoded back from the bytes the encoder made of it. */
    private static MqttMessage out(EmbeddedChannel ch) {
        Object bytes = ch.readOutbound();
        if (bytes == null) {
            return null;
        }
        EmbeddedChannel client = new EmbeddedChannel(new MqttDecoder());
        client.writeInbound(bytes);
        return client.readInbound();
    }

    /** The CONNACK the guard wrote, waiting for the login worker where PBKDF2 was needed. */
    private static MqttConnectReturnCode connack(EmbeddedChannel ch) {
        List<MqttConnAckMessage> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).pollInSameThread().pollInterval(Duration.ofMillis(5)).until(() -> {
            ch.runPendingTasks();
            MqttMessage m = out(ch);
            if (m != null) {
                got.add((MqttConnAckMessage) m);
            }
            return !got.isEmpty();
        });
        return got.get(0).variableHeader().connectReturnCode();
    }

    @Test
    void junkAndOversizedPacketsCloseTheConnectionAndAreCounted() {
        EmbeddedChannel junk = channel(false);
        junk.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x00, 0x05, 1, 2, 3, 4, 5})); // packet type 0 is reserved
        assertFalse(junk.isActive());
        assertEquals(1.0, refused("frame", "malformed"));
        guard.close();

        EmbeddedChannel big = channel(false);
        big.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x10, 0x0C, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, 0}));
        big.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x30, (byte) 0x80, (byte) 0x80, 0x40, 0, 3, 'a', '/', 'b'}));
        assertFalse(big.isActive());
        assertEquals(1.0, refused("frame", "oversized"));
        assertEquals(1, passedOn.size(), "only the CONNECT (logins off) reached Moquette");
    }

    @Test
    void anythingBeforeConnectIsAProtocolViolation() {
        EmbeddedChannel ch = channel(false);
        ch.writeInbound(publish("limber/v1/devices/watch-1/events", MqttQoS.AT_LEAST_ONCE, 1));
        assertFalse(ch.isActive());
        assertTrue(passedOn.isEmpty());
        assertEquals(1.0, refused("protocol", "not_connected"));
    }

    @Test
    void socketErrorsAreNotBadFrames() {
        assertNull(BrokerGuard.decodeFailure(new IOException("Connection reset by peer")));
        assertInstanceOf(IllegalArgumentException.class,
                BrokerGuard.decodeFailure(new IOException("invalid massage", new IllegalArgumentException("type 0"))));
    }
}
