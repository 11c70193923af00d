package limber.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets the engine generates itself (a paired device's secret, a tablet's MQTT token): 256 random
 * bits, stored only as {@code $s256$<base64 SHA-256>}. A slow salted hash protects what people
 * choose; a random 256-bit secret cannot be guessed from its SHA-256, and checking one costs
 * microseconds, so a floor of devices reconnecting at once costs nothing.
 */
public final class SecretHash {
    private static final String PREFIX = "$s256$";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretHash() {
    }

    /** A new secret: 43 URL-safe characters. */
    public static String newSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String hash(String secret) {
        return PREFIX + Base64.getEncoder().encodeToString(sha256(secret.getBytes(StandardCharsets.UTF_8)));
    }

    public static boolean isSecretHash(String encoded) {
        return encoded != null && encoded.startsWith(PREFIX);
    }

    /** Constant-time check. */
    public static boolean matches(byte[] secret, String encoded) {
        if (!isSecretHash(encoded)) {
            return false;
        }
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(encoded.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, sha256(secret));
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
