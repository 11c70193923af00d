package limber.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/** Whether a private key belongs to a public key: sign a probe with one, verify it with the other. */
final class Keys {
    private static final byte[] PROBE = "limber key check".getBytes(StandardCharsets.US_ASCII);

    private Keys() {
    }

    static boolean match(PrivateKey key, PublicKey pub) {
        String alg = switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (alg == null) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(PROBE);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(PROBE);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
