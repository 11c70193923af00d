package limber.tls;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The names a server certificate of this machine must cover: its host name (and {@code name.local}
 * for mDNS), {@code localhost}, 127.0.0.1, ::1, every non-loopback address of an interface that is
 * up (link-local ones aside, no certificate can name them), and the names from {@code tls.names}.
 */
public final class HostNames {
    private HostNames() {
    }

    public static Set<String> ofThisMachine(Collection<String> extra) {
        Set<String> out = new LinkedHashSet<>();
        String host = hostName();
        if (host != null) {
            out.add(Certificates.canonical(host));
            if (!host.contains(".")) {
                out.add(Certificates.canonical(host + ".local"));
            }
        }
        out.add("localhost");
        out.add(Certificates.canonical("127.0.0.1"));
        out.add(Certificates.canonical("::1"));
        out.addAll(addresses());
        extra.forEach(n -> out.add(Certificates.canonical(n)));
        return out;
    }

    static String hostName() {
        String env = System.getenv("HOSTNAME");
        try {
            String name = InetAddress.getLocalHost().getHostName();
            if (name != null && !name.isBlank() && !Certificates.isIpLiteral(name)) {
                return name;
            }
        } catch (UnknownHostException e) {
            // a host whose own name does not resolve: fall back to the environment
        }
        return env == null || env.isBlank() ? null : env;
    }

    static Set<String> addresses() {
        Set<String> out = new LinkedHashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (!a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress()) {
                        String text = a.getHostAddress();
                        int scope = text.indexOf('%');
                        out.add(Certificates.canonical(scope < 0 ? text : text.substring(0, scope)));
                    }
                }
            }
        } catch (SocketException e) {
            // no interface list: the certificate still covers the host name and loopback
        }
        return out;
    }
}
