package limber.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The certificate builder without any server: SANs, lifetimes, CA flags, fingerprints. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CertificatesTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    private static long days(X509Certificate c) {
        return Duration.between(c.getNotBefore().toInstant(), c.getNotAfter().toInstant()).toDays();
    }

    @Test
    void caIsALongLivedRootThatMaySignOnlyServerCertificates() throws Exception {
        KeyPair keys = Certificates.newKeyPair();
        X509Certificate ca = Certificates.newCa(keys, "Limber CA test", NOW);
        ca.verify(keys.getPublic());
        assertEquals(0, ca.getBasicConstraints(), "a CA with path length 0");
        assertTrue(ca.getKeyUsage()[5], "keyCertSign");
        assertEquals(Certificates.CA_DAYS, days(ca));
        assertTrue(ca.getNotBefore().toInstant().isBefore(NOW), "backdated for slow clocks");
        assertTrue(ca.getSubjectX500Principal().getName().contains("Limber CA test"));
    }

    @Test
    void serverCertificateCoversItsNamesForAtMost397DaysAndIsNoCa() throws Exception {
        KeyPair caKeys = Certificates.newKeyPair();
        X509Certificate ca = Certificates.newCa(caKeys, "Limber CA test", NOW);
        KeyPair keys = Certificates.newKeyPair();
        X509Certificate server = Certificates.issueServer(ca, caKeys.getPrivate(), keys.getPublic(),
                List.of("Gym-Box", "localhost", "127.0.0.1", "::1", "192.168.1.20", "kiosk.gym.lan."), NOW);
        server.verify(ca.getPublicKey());
        assertEquals(Set.of("gym-box", "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "192.168.1.20", "kiosk.gym.lan"),
                Certificates.names(server));
        assertEquals(-1, server.getBasicConstraints(), "not a CA");
        assertTrue(days(server) <= 397, days(server) + " days");
        assertTrue(server.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
        assertTrue(server.getKeyUsage()[0], "digitalSignature");
        assertEquals(ca.getSubjectX500Principal(), server.getIssuerX500Principal());
        assertFalse(server.getSerialNumber().equals(ca.getSerialNumber()));
    }

    @Test
    void serverCertificateNeverOutlivesItsCa() {
        KeyPair caKeys = Certificates.newKeyPair();
        X509Certificate ca = Certificates.newCa(caKeys, "old CA", NOW);
        Instant late = NOW.plus(Duration.ofDays(Certificates.CA_DAYS - 100));
        X509Certificate server = Certificates.issueServer(ca, caKeys.getPrivate(), Certificates.newKeyPair().getPublic(),
                List.of("localhost"), late);
        assertEquals(ca.getNotAfter(), server.getNotAfter());
    }

    @Test
    void aServerCertificateNeedsAName() {
        KeyPair caKeys = Certificates.newKeyPair();
        X509Certificate ca = Certificates.newCa(caKeys, "CA", NOW);
        assertThrows(IllegalArgumentException.class, () -> Certificates.issueServer(ca, caKeys.getPrivate(),
                caKeys.getPublic(), List.of(), NOW));
    }

    @Test
    void fingerprintIsSha256AsColonHex() {
        X509Certificate ca = Certificates.newCa(Certificates.newKeyPair(), "CA", NOW);
        String fp = Certificates.fingerprint(ca);
        assertTrue(fp.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), fp);
    }

    @Test
    void thisMachinesNamesIncludeLoopbackAndTheExtraNames() {
        Set<String> names = HostNames.ofThisMachine(List.of("Kiosk.Gym.Lan"));
        assertTrue(names.containsAll(Set.of("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "kiosk.gym.lan")), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.contains("%")), "no scoped addresses: " + names);
    }
}
