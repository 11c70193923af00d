package limber.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The engine's own small CA: an ECDSA P-256 root valid {@value #CA_DAYS} days, and server
 * certificates it signs, valid {@value #SERVER_DAYS} days (never past the CA), covering the given
 * DNS names and IP addresses. Pure: time comes in as an argument, nothing touches the disk.
 */
public final class Certificates {
    /** The CA lives about ten years: kiosks and tablets trust it once. */
    public static final int CA_DAYS = 3650;
    /** At most 397 days, the limit browsers apply to server certificates. */
    public static final int SERVER_DAYS = 397;
    /** A server certificate this close to its end is replaced at start. */
    public static final int RENEW_DAYS = 30;
    /** Backdated so a device whose clock runs a little slow accepts a certificate made just now. */
    static final Duration BACKDATE = Duration.ofHours(1);
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Certificates() {
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no ECDSA P-256: " + e.getMessage(), e);
        }
    }

    /** A self-signed root that may sign server certificates only (path length 0). */
    public static X509Certificate newCa(KeyPair keys, String commonName, Instant now) {
        X500Name subject = name(commonName);
        Instant from = now.minus(BACKDATE);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(from),
                Date.from(from.plus(Duration.ofDays(CA_DAYS))), subject, keys.getPublic());
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            return sign(b, keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build the CA certificate: " + e.getMessage(), e);
        }
    }

    /** A server certificate for {@code names} (DNS names and IP literals), signed by the CA. */
    public static X509Certificate issueServer(X509Certificate ca, PrivateKey caKey, PublicKey serverKey,
                                              Collection<String> names, Instant now) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one name");
        }
        Instant from = now.minus(BACKDATE);
        Instant until = from.plus(Duration.ofDays(SERVER_DAYS));
        if (until.isAfter(ca.getNotAfter().toInstant())) {
            until = ca.getNotAfter().toInstant();
        }
        String first = names.iterator().next();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(from), Date.from(until),
                name(first), serverKey);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false, sanExtension(names));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(serverKey));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            return sign(b, caKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build the server certificate: " + e.getMessage(), e);
        }
    }

    /** The DNS names (lower case) and IP addresses (canonical form) a certificate covers. */
    public static Set<String> names(X509Certificate cert) {
        Set<String> out = new TreeSet<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans == null) {
                return out;
            }
            for (List<?> san : sans) {
                int type = (Integer) san.get(0);
                if (type == GeneralName.dNSName || type == GeneralName.iPAddress) {
                    out.add(canonical((String) san.get(1)));
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalStateException("unreadable subject alternative names: " + e.getMessage(), e);
        }
        return out;
    }

    /** An IP literal in one canonical text form; a DNS name in lower case. */
    public static String canonical(String name) {
        if (isIpLiteral(name)) {
            try {
                return InetAddress.getByName(name).getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: " + name, e);
            }
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    static boolean isIpLiteral(String name) {
        return name.contains(":") || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /** SHA-256 of the DER encoding, as colon-separated upper-case hex (what browsers and openssl show). */
    public static String fingerprint(X509Certificate cert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GeneralNames sanExtension(Collection<String> names) {
        List<GeneralName> out = new ArrayList<>();
        for (String n : names) {
            out.add(isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, canonical(n))
                    : new GeneralName(GeneralName.dNSName, canonical(n)));
        }
        return new GeneralNames(out.toArray(GeneralName[]::new));
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Limber").addRDN(BCStyle.CN, commonName).build();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(SIGNATURE)
                    .build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }
}
