package limber.broker;

import java.lang.reflect.Method;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Moquette counts a connection as connected yet. Moquette 0.17 sets that flag in a listener
 * of its CONNACK's write, which its session thread adds only after the write was queued; a client
 * that answers the CONNACK at once can get its first packet in before the flag is set, and Moquette
 * then drops the connection ("SUBSCRIBE received on already closed connection"). On a busy box
 * this cost devices and the engine itself a reconnect. The guard asks here and holds such packets
 * until the flag is set. The flag is package-private in Moquette, so it is read by reflection;
 * {@code SessionProbeTest} fails if an upgrade moves it.
 */
final class SessionProbe {
    private static final Logger LOG = LoggerFactory.getLogger(SessionProbe.class);
    /** Moquette's own channel attribute for its connection object ({@code NewNettyMQTTHandler}). */
    private static final AttributeKey<Object> CONNECTION = AttributeKey.valueOf("connection");
    private static final Method IS_CONNECTED = find();

    private SessionProbe() {
    }

    /** True once Moquette counts the channel's connection as connected, or if that cannot be known. */
    static boolean up(Channel channel) {
        Object connection = channel.attr(CONNECTION).get();
        if (IS_CONNECTED == null || !IS_CONNECTED.getDeclaringClass().isInstance(connection)) {
            return true; // no Moquette connection on this channel (a test pipeline), or no flag to read
        }
        try {
            return (Boolean) IS_CONNECTED.invoke(connection);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** True when this Moquette has the flag the probe reads. */
    static boolean available() {
        return IS_CONNECTED != null;
    }

    private static Method find() {
        try {
            Method m = Class.forName("io.moquette.broker.MQTTConnection").getDeclaredMethod("isConnected");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot read Moquette's connection state ({}); a client's first packet right after its CONNACK "
                    + "may again cost it a reconnect", e.toString());
            return null;
        }
    }
}
