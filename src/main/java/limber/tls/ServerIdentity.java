package limber.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.vertx.core.net.KeyCertOptions;

/**
 * What the TLS listeners present: the server's key and certificate chain (server first), and the CA
 * that kiosks and tablets should trust ({@code null} when the gym brought its own files and the chain
 * ends in no CA). {@code caFile} is where that CA lies on disk, or {@code null}.
 */
public record ServerIdentity(PrivateKey key, List<X509Certificate> chain, X509Certificate ca, Path caFile) {
    private static final char[] IN_MEMORY = "limber".toCharArray();

    public X509Certificate server() {
        return chain.get(0);
    }

    /** For Vert.x servers (HTTPS). */
    public KeyCertOptions keyCertOptions() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("limber", key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, IN_MEMORY);
            return KeyCertOptions.wrap(kmf);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot hand the server key to the HTTPS server: " + e.getMessage(), e);
        }
    }

    /** For Netty servers (the embedded broker's MQTTS and WSS listeners). */
    public SslContext nettyServerContext() {
        try {
            return SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new)).build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot hand the server key to the broker: " + e.getMessage(), e);
        }
    }

    /** The CA certificate in PEM, for download; {@code null} without one. */
    public String caPem() {
        return ca == null ? null : Pem.write(ca);
    }

    public String caFingerprint() {
        return ca == null ? null : Certificates.fingerprint(ca);
    }
}
