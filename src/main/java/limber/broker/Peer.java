package limber.broker;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;

import limber.security.AccessRules;

/**
 * What the guard knows about one connection. Touched only on that connection's Netty thread.
 */
final class Peer {
    /** Packets a client may send while its login is being checked before it is cut off. */
    static final int MAX_PENDING = 256;
    /** Refused QoS 2 publishes awaiting their PUBREL; a client holds at most its in-flight window. */
    static final int MAX_REFUSED_QOS2 = 1024;

    final String source;
    boolean connectSeen;
    /** Set once the CONNECT has been passed on to Moquette. */
    boolean admitted;
    String user;
    /** Null while logins are off (development only): every topic may be written. */
    AccessRules rules;
    boolean verifying;
    /** Set once Moquette counts the admitted connection as connected ({@link SessionProbe}). */
    boolean sessionUp;
    /** Packets wait in {@link #pending} until {@link #sessionUp}. */
    boolean holding;
    /** Set once its DISCONNECT went to Moquette: whatever follows is refused. */
    boolean disconnected;
    /** Set once admitted: how fast this connection may publish device messages. */
    PublishBudget budget;
    final Queue<Object> pending = new ArrayDeque<>();
    final Set<Integer> refusedQos2 = new HashSet<>();

    Peer(SocketAddress remote) {
        this.source = remote instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress()
                : String.valueOf(remote);
    }

    boolean mayWrite(String topic) {
        return rules == null || rules.mayWrite(topic);
    }
}
