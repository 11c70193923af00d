package limber.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import limber.config.ConfigException;
import limber.config.ConfigLoader;
import limber.config.LimberConfig;

/** tls.mode files: PEMs from the gym's own CA; every problem names file, field and value. No servers. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsSetupTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private LimberConfig config(String... args) throws IOException {
        Path conf = Files.createDirectories(dir.resolve("config"));
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("limber.config.dir", "config")))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")
                    && !Files.exists(conf.resolve(p.getFileName()))).toList()) {
                Files.copy(f, conf.resolve(f.getFileName()));
            }
        }
        String[] all = Stream.concat(Stream.of("--config-dir=" + conf, "--store.path=" + dir.resolve("data/limber.db")),
                Stream.of(args)).toArray(String[]::new);
        return ConfigLoader.load(all, Map.of()).engine();
    }

    private record Pems(Path cert, Path key, X509Certificate ca) {
    }

    private Pems gymCa(String prefix, Instant issued) throws IOException {
        KeyPair caKeys = Certificates.newKeyPair();
        X509Certificate ca = Certificates.newCa(caKeys, "Gym CA", issued);
        KeyPair keys = Certificates.newKeyPair();
        X509Certificate server = Certificates.issueServer(ca, caKeys.getPrivate(), keys.getPublic(),
                List.of("limber.gym.lan"), issued);
        return new Pems(Files.writeString(dir.resolve(prefix + "-chain.pem"), Pem.write(server, ca)),
                Files.writeString(dir.resolve(prefix + "-key.pem"), Pem.write(keys.getPrivate())), ca);
    }

    @Test
    void offMeansNoIdentity() throws IOException {
        assertNull(TlsSetup.prepare(config(), NOW));
    }

    @Test
    void filesModeServesTheGymsChainAndItsCa() throws IOException {
        Pems p = gymCa("gym", NOW);
        ServerIdentity id = TlsSetup.prepare(config("--tls.mode=files", "--tls.certFile=" + p.cert(),
                "--tls.keyFile=" + p.key()), NOW);
        assertEquals(2, id.chain().size());
        assertEquals(Certificates.fingerprint(p.ca()), id.caFingerprint());
        assertTrue(id.nettyServerContext().isServer());
        id.keyCertOptions();
    }

    @Test
    void keyOfAnotherCertificateOrGarbageOrAnExpiredCertificateStopsStartUp() throws IOException {
        Pems a = gymCa("a", NOW);
        Pems b = gymCa("b", NOW);
        ConfigException wrongKey = assertThrows(ConfigException.class, () -> TlsSetup.prepare(config("--tls.mode=files",
                "--tls.certFile=" + a.cert(), "--tls.keyFile=" + b.key()), NOW));
        assertEquals("tls.keyFile", wrongKey.field());
        assertTrue(wrongKey.getMessage().contains(b.key().toString()) && wrongKey.getMessage().contains("limber.yaml"),
                wrongKey.getMessage());

        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "hello\n");
        ConfigException unreadable = assertThrows(ConfigException.class, () -> TlsSetup.prepare(config(
                "--tls.mode=files", "--tls.certFile=" + a.cert(), "--tls.keyFile=" + garbage), NOW));
        assertEquals("tls.keyFile", unreadable.field());
        assertTrue(unreadable.getMessage().contains("no PEM private key"), unreadable.getMessage());

        ConfigException notACert = assertThrows(ConfigException.class, () -> TlsSetup.prepare(config(
                "--tls.mode=files", "--tls.certFile=" + a.key(), "--tls.keyFile=" + a.key()), NOW));
        assertEquals("tls.certFile", notACert.field());

        ConfigException expired = assertThrows(ConfigException.class, () -> TlsSetup.prepare(config(
                "--tls.mode=files", "--tls.certFile=" + a.cert(), "--tls.keyFile=" + a.key()),
                NOW.plus(Duration.ofDays(400))));
        assertEquals("tls.certFile", expired.field());
        assertTrue(expired.getMessage().contains("ended"), expired.getMessage());
    }

    @Test
    void selfSignedLivesInTheDataDirectoryBesideTheJournal() throws IOException {
        LimberConfig c = config("--tls.mode=self-signed", "--tls.names=kiosk.gym.lan");
        ServerIdentity id = TlsSetup.prepare(c, NOW);
        assertEquals(dir.resolve("data/tls/ca.pem").toAbsolutePath(), id.caFile());
        assertTrue(Certificates.names(id.server()).containsAll(List.of("kiosk.gym.lan", "localhost", "127.0.0.1")));
    }
}
