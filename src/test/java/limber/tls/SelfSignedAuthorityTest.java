package limber.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The CA folder in the data directory: made once, kept, server certificate renewed from the same CA. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SelfSignedAuthorityTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final Set<String> NAMES = Set.of("gym-box", "localhost", "127.0.0.1");

    @TempDir
    Path dir;

    @Test
    void firstStartMakesCaAndServerCertificateWithPrivateKeys() throws Exception {
        ServerIdentity id = SelfSignedAuthority.open(dir, NAMES, NOW);
        for (String f : new String[] {"ca.pem", "ca-key.pem", "server.pem", "server-key.pem"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(dir.resolve("ca-key.pem")));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(dir.resolve("server-key.pem")));
        assertEquals(2, Pem.readCertificates(dir.resolve("server.pem")).size(), "server.pem holds the chain");
        id.server().verify(id.ca().getPublicKey());
        assertTrue(Certificates.names(id.server()).containsAll(NAMES));
        assertEquals(dir.resolve("ca.pem"), id.caFile());
    }

    @Test
    void laterStartReusesBoth() throws Exception {
        ServerIdentity first = SelfSignedAuthority.open(dir, NAMES, NOW);
        ServerIdentity again = SelfSignedAuthority.open(dir, NAMES, NOW.plus(Duration.ofDays(100)));
        assertEquals(first.caFingerprint(), again.caFingerprint());
        assertEquals(first.server().getSerialNumber(), again.server().getSerialNumber());
    }

    @Test
    void newNameOrNearEndIssuesNewServerCertificateFromTheSameCa() throws Exception {
        ServerIdentity first = SelfSignedAuthority.open(dir, NAMES, NOW);
        Set<String> moved = Set.of("gym-box", "localhost", "127.0.0.1", "10.1.2.3");
        ServerIdentity renamed = SelfSignedAuthority.open(dir, moved, NOW);
        assertEquals(first.caFingerprint(), renamed.caFingerprint());
        assertNotEquals(first.server().getSerialNumber(), renamed.server().getSerialNumber());
        assertTrue(Certificates.names(renamed.server()).contains("10.1.2.3"));

        Instant nearEnd = renamed.server().getNotAfter().toInstant().minus(Duration.ofDays(29));
        assertNull(SelfSignedAuthority.stale(dir.resolve("server.pem"), dir.resolve("server-key.pem"), renamed.ca(),
                moved, nearEnd.minus(Duration.ofDays(2))), "31 days before the end it stays");
        ServerIdentity renewed = SelfSignedAuthority.open(dir, moved, nearEnd);
        assertEquals(first.caFingerprint(), renewed.caFingerprint());
        assertTrue(renewed.server().getNotAfter().after(renamed.server().getNotAfter()));
    }

    @Test
    void aCaWithoutItsKeyIsNeverReplacedSilently() throws Exception {
        SelfSignedAuthority.open(dir, NAMES, NOW);
        Files.delete(dir.resolve("ca-key.pem"));
        SelfSignedAuthority.Failure e = assertThrows(SelfSignedAuthority.Failure.class,
                () -> SelfSignedAuthority.open(dir, NAMES, NOW));
        assertEquals(dir.resolve("ca-key.pem"), e.file());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void aDamagedKeyNamesItsFile() throws Exception {
        SelfSignedAuthority.open(dir, NAMES, NOW);
        Files.writeString(dir.resolve("ca-key.pem"), "-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n");
        SelfSignedAuthority.Failure e = assertThrows(SelfSignedAuthority.Failure.class,
                () -> SelfSignedAuthority.open(dir, NAMES, NOW));
        assertEquals(dir.resolve("ca-key.pem"), e.file());
    }
}
