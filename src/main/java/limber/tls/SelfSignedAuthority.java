package limber.tls;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's own CA in a folder of the data directory ({@code ca.pem}, {@code ca-key.pem},
 * {@code server.pem} with the CA after the server certificate, {@code server-key.pem}; keys readable
 * by the engine's user only). The CA is made once and kept; the server certificate is made again
 * from it when it no longer covers every name wanted, or is within {@value Certificates#RENEW_DAYS}
 * days of its end. A CA whose key is gone is never silently replaced.
 */
public final class SelfSignedAuthority {
    public static final String CA_CERT = "ca.pem";
    static final String CA_KEY = "ca-key.pem";
    public static final String SERVER_CERT = "server.pem";
    static final String SERVER_KEY = "server-key.pem";
    private static final Logger LOG = LoggerFactory.getLogger(SelfSignedAuthority.class);

    private SelfSignedAuthority() {
    }

    /** Problems name the file at fault. */
    public static final class Failure extends IOException {
        private final Path file;

        Failure(Path file, String message, Throwable cause) {
            super(message, cause);
            this.file = file;
        }

        public Path file() {
            return file;
        }
    }

    public static ServerIdentity open(Path dir, Set<String> names, Instant now) throws Failure {
        makePrivateDir(dir);
        Path caCert = dir.resolve(CA_CERT);
        Path caKey = dir.resolve(CA_KEY);
        X509Certificate ca;
        PrivateKey caPrivate;
        if (!Files.exists(caCert) && !Files.exists(caKey)) {
            KeyPair keys = Certificates.newKeyPair();
            ca = Certificates.newCa(keys, "Limber CA " + shortName(names) + " " + now.toString().substring(0, 10), now);
            caPrivate = keys.getPrivate();
            write(caKey, Pem.write(caPrivate), true);
            write(caCert, Pem.write(ca), false);
            LOG.info("TLS: created a new CA in {} (valid until {})", caCert, ca.getNotAfter().toInstant());
        } else {
            Path missing = Files.exists(caCert) ? caKey : caCert;
            if (!Files.exists(missing)) {
                throw new Failure(missing, "is missing while " + (missing == caKey ? caCert : caKey) + " exists: restore"
                        + " it from a backup, or remove both to make a new CA (every kiosk and tablet must then trust"
                        + " the new one)", null);
            }
            ca = read(caCert, () -> Pem.readCertificates(caCert).get(0));
            caPrivate = read(caKey, () -> Pem.readPrivateKey(caKey));
            if (!Keys.match(caPrivate, ca.getPublicKey())) {
                throw new Failure(caKey, "does not belong to " + caCert, null);
            }
        }
        Path serverCert = dir.resolve(SERVER_CERT);
        Path serverKey = dir.resolve(SERVER_KEY);
        String stale = stale(serverCert, serverKey, ca, names, now);
        if (stale != null) {
            KeyPair keys = Certificates.newKeyPair();
            X509Certificate server = Certificates.issueServer(ca, caPrivate, keys.getPublic(), names, now);
            write(serverKey, Pem.write(keys.getPrivate()), true);
            write(serverCert, Pem.write(server, ca), false);
            LOG.info("TLS: new server certificate from the same CA ({}), valid until {}", stale,
                    server.getNotAfter().toInstant());
        }
        X509Certificate server = read(serverCert, () -> Pem.readCertificates(serverCert).get(0));
        PrivateKey key = read(serverKey, () -> Pem.readPrivateKey(serverKey));
        return new ServerIdentity(key, List.of(server, ca), ca, caCert);
    }

    /** Why the server certificate must be made again, or {@code null} when it may stay. */
    static String stale(Path certFile, Path keyFile, X509Certificate ca, Set<String> names, Instant now) {
        if (!Files.exists(certFile) || !Files.exists(keyFile)) {
            return "there was none";
        }
        try {
            X509Certificate cert = Pem.readCertificates(certFile).get(0);
            cert.verify(ca.getPublicKey());
            if (!Keys.match(Pem.readPrivateKey(keyFile), cert.getPublicKey())) {
                return keyFile.getFileName() + " did not match it";
            }
            Set<String> missing = new TreeSet<>(names);
            missing.removeAll(Certificates.names(cert));
            if (!missing.isEmpty()) {
                return "the old one did not cover " + String.join(", ", missing);
            }
            Instant end = cert.getNotAfter().toInstant();
            if (end.isBefore(now.plus(Duration.ofDays(Certificates.RENEW_DAYS)))) {
                return "the old one ends " + end;
            }
            return null;
        } catch (IOException | GeneralSecurityException e) {
            return "the old one was unusable: " + e.getMessage();
        }
    }

    private interface Reading<T> {
        T read() throws IOException;
    }

    private static <T> T read(Path file, Reading<T> reading) throws Failure {
        try {
            return reading.read();
        } catch (IOException e) {
            throw new Failure(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static String shortName(Set<String> names) {
        return names.stream().filter(n -> !Certificates.isIpLiteral(n)).findFirst().orElse("engine");
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void makePrivateDir(Path dir) throws Failure {
        try {
            Files.createDirectories(dir);
            if (posix()) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new Failure(dir, "cannot be created: " + e.getMessage(), e);
        }
    }

    /** Written beside, then moved into place: a crash never leaves half a key. */
    private static void write(Path file, String text, boolean secret) throws Failure {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            if (posix()) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")));
            }
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new Failure(file, "cannot be written: " + e.getMessage(), e);
        }
    }
}
