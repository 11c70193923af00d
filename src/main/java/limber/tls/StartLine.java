package limber.tls;

import limber.config.LimberConfig;

/** The TLS part of the engine's "ready" log line: where the pages are, where the CA is, its fingerprint. */
public final class StartLine {
    private StartLine() {
    }

    /** The host to show in URLs: a wildcard listen address becomes the first name the certificate covers. */
    public static String host(String listenHost, ServerIdentity tls) {
        boolean wildcard = listenHost.equals("0.0.0.0") || listenHost.equals("::") || listenHost.equals("[::]");
        if (!wildcard || tls == null) {
            return listenHost;
        }
        return Certificates.names(tls.server()).stream().filter(n -> !Certificates.isIpLiteral(n))
                .filter(n -> !n.equals("localhost")).findFirst().orElse(listenHost);
    }

    public static String tlsPart(LimberConfig cfg, ServerIdentity tls, String base) {
        if (tls == null) {
            return "";
        }
        String mqtts = cfg.broker().embedded() ? ", MQTTS port " + cfg.tls().mqttPort() + ", WSS port "
                + cfg.broker().websocketPort() : "";
        String ca = tls.ca() == null ? "" : "; CA certificate for kiosks and tablets: " + base + "/ca.pem (SHA-256 "
                + tls.caFingerprint() + ")";
        return mqtts + "; plain HTTP on port " + cfg.tls().redirectPort() + " redirects to HTTPS" + ca;
    }
}
