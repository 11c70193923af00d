package limber.config;

import static limber.config.ConfigValidator.notBlank;
import static limber.config.ConfigValidator.require;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Checks the {@code tls} section, and that nothing listens beyond loopback in clear text unless
 * {@code tls.allowPlainLan} says so on purpose. Certificate and key contents are read (and their
 * problems reported) when the engine starts.
 */
final class TlsValidator {
    /** A DNS name (a leading wildcard label allowed) or an IPv4/IPv6 literal. */
    private static final Pattern NAME = Pattern.compile(
            "(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*\\.?|[0-9a-fA-F:.]+");

    private TlsValidator() {
    }

    static void validate(String file, LimberConfig c) {
        LimberConfig.Tls t = c.tls();
        require(file, "tls", t, t != null, "section is required");
        require(file, "tls.mode", t.mode(), LimberConfig.Tls.OFF.equals(t.mode())
                || LimberConfig.Tls.SELF_SIGNED.equals(t.mode()) || LimberConfig.Tls.FILES.equals(t.mode()),
                "false".equals(t.mode()) ? "write \"off\" in quotes (a bare off reads as false)"
                        : "must be 'off', 'self-signed' or 'files'");
        for (String name : t.nameList()) {
            require(file, "tls.names", name, NAME.matcher(name).matches(),
                    "each name must be a DNS name or an IP address (comma-separated)");
        }
        if (!t.on()) {
            plainLan(file, "http.host", c.http().host(), t);
            if (c.broker().embedded()) {
                plainLan(file, "broker.host", c.broker().host(), t);
            }
            return;
        }
        if (LimberConfig.Tls.FILES.equals(t.mode())) {
            readable(file, "tls.certFile", t.certFile());
            readable(file, "tls.keyFile", t.keyFile());
        }
        port(file, "tls.redirectPort", t.redirectPort());
        require(file, "tls.redirectPort", t.redirectPort(), t.redirectPort() != c.http().port(),
                "must differ from http.port (which speaks HTTPS with TLS on)");
        if (c.broker().embedded()) {
            port(file, "tls.mqttPort", t.mqttPort());
            require(file, "tls.mqttPort", t.mqttPort(), t.mqttPort() != c.broker().port()
                    && t.mqttPort() != c.broker().websocketPort(), "must differ from broker.port and broker.websocketPort");
        }
        require(file, "broker.pagesUrl", c.broker().pagesUrl(), !c.broker().pagesUrl().startsWith("ws://"),
                "pages loaded over HTTPS cannot open ws://: use a wss:// URL with TLS on");
    }

    private static void plainLan(String file, String field, String host, LimberConfig.Tls t) {
        require(file, field, host, t.allowPlainLan() || loopback(host),
                "listening beyond loopback with tls.mode 'off' would send trainer and device passwords in clear"
                        + " text: start with --lan (or set tls.mode to 'self-signed'), or set tls.allowPlainLan"
                        + " to true on purpose");
    }

    static boolean loopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void readable(String file, String field, String path) {
        require(file, field, path, notBlank(path), "tls.mode 'files' needs a PEM file here");
        require(file, field, path, Files.isRegularFile(Path.of(path)), "no such file");
        require(file, field, path, Files.isReadable(Path.of(path)), "cannot be read by this user");
    }

    private static void port(String file, String field, int port) {
        require(file, field, port, port >= 1 && port <= 65535, "must be a port number 1..65535");
    }
}
