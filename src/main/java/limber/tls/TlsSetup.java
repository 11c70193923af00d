package limber.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.config.ConfigException;
import limber.config.ConfigLoader;
import limber.config.LimberConfig;

/**
 * Turns the {@code tls} settings into the identity the listeners present, or {@code null} with TLS
 * off. Whatever is wrong with the files stops start-up with a {@link ConfigException} naming the
 * file, the setting and its value.
 */
public final class TlsSetup {
    /** Folder of the self-signed CA, inside the data directory (beside the journal). */
    public static final String FOLDER = "tls";
    private static final Logger LOG = LoggerFactory.getLogger(TlsSetup.class);

    private TlsSetup() {
    }

    public static ServerIdentity prepare(LimberConfig cfg, Instant now) {
        LimberConfig.Tls t = cfg.tls();
        if (!t.on()) {
            return null;
        }
        ServerIdentity id = LimberConfig.Tls.SELF_SIGNED.equals(t.mode()) ? selfSigned(cfg, now) : files(t, now);
        X509Certificate server = id.server();
        LOG.info("TLS ({}): server certificate valid until {}, for {}", t.mode(), server.getNotAfter().toInstant(),
                String.join(", ", Certificates.names(server)));
        if (id.ca() != null) {
            LOG.info("TLS: CA SHA-256 fingerprint {} ({}; kiosks and tablets download it at /ca.pem and check this"
                    + " fingerprint before trusting it)", id.caFingerprint(), id.caFile() == null ? "from tls.certFile"
                    : id.caFile().toAbsolutePath());
        }
        return id;
    }

    /** The data directory: the folder of {@code store.path} ({@code data/} by default). */
    public static Path directory(LimberConfig.Store store) {
        Path journal = Path.of(store.path() == null || store.path().isBlank() ? "data/limber.db" : store.path());
        Path parent = journal.toAbsolutePath().getParent();
        return parent.resolve(FOLDER);
    }

    private static ServerIdentity selfSigned(LimberConfig cfg, Instant now) {
        Path dir = directory(cfg.store());
        try {
            return SelfSignedAuthority.open(dir, HostNames.ofThisMachine(cfg.tls().nameList()), now);
        } catch (SelfSignedAuthority.Failure e) {
            throw new ConfigException(e.file().toString(), "tls.mode", cfg.tls().mode(), e.getMessage());
        }
    }

    private static ServerIdentity files(LimberConfig.Tls t, Instant now) {
        List<X509Certificate> chain;
        PrivateKey key;
        try {
            chain = Pem.readCertificates(Path.of(t.certFile()));
        } catch (IOException e) {
            throw new ConfigException(ConfigLoader.ENGINE_FILE, "tls.certFile", t.certFile(), e.getMessage());
        }
        try {
            key = Pem.readPrivateKey(Path.of(t.keyFile()));
        } catch (IOException e) {
            throw new ConfigException(ConfigLoader.ENGINE_FILE, "tls.keyFile", t.keyFile(), e.getMessage());
        }
        X509Certificate server = chain.get(0);
        if (!Keys.match(key, server.getPublicKey())) {
            throw new ConfigException(ConfigLoader.ENGINE_FILE, "tls.keyFile", t.keyFile(),
                    "this key does not belong to the first certificate in tls.certFile");
        }
        Instant end = server.getNotAfter().toInstant();
        if (end.isBefore(now)) {
            throw new ConfigException(ConfigLoader.ENGINE_FILE, "tls.certFile", t.certFile(),
                    "the certificate ended " + end + "; put its renewed files in place");
        }
        if (end.isBefore(now.plus(Duration.ofDays(Certificates.RENEW_DAYS)))) {
            LOG.warn("TLS: the certificate in {} ends {}: renew it and restart the engine", t.certFile(), end);
        }
        X509Certificate last = chain.get(chain.size() - 1);
        X509Certificate ca = chain.size() > 1 && last.getBasicConstraints() >= 0 ? last : null;
        return new ServerIdentity(key, chain, ca, null);
    }
}
