package limber.security;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2-HMAC-SHA512 password hashes in Mosquitto 2's own format,
 * {@code $7$<iterations>$<base64 salt>$<base64 hash>}, so one credentials file serves the embedded
 * broker, the trainer API and a Mosquitto {@code password_file}. Config files only ever hold these,
 * never a password. Hash one: {@code java -cp limber.jar limber.security.PasswordHash <password>}.
 */
public final class PasswordHash {
    private static final String PREFIX = "$7";
    private static final int ITERATIONS = 20_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    public static String hash(String password) {
        byte[] salt = new byte[12];
        RANDOM.nextBytes(salt);
        return PREFIX + "$" + ITERATIONS + "$" + b64(salt) + "$" + b64(derive(password, salt, ITERATIONS));
    }

    /** Constant-time check; a malformed hash never matches. */
    public static boolean matches(String password, String encoded) {
        if (!wellFormed(encoded)) {
            return false;
        }
        String[] parts = encoded.split("\\$");
        try {
            int iterations = Integer.parseInt(parts[2]);
            byte[] salt = Base64.getDecoder().decode(parts[3]);
            byte[] expected = Base64.getDecoder().decode(parts[4]);
            return MessageDigest.isEqual(expected, derive(password, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static boolean wellFormed(String encoded) {
        return encoded != null && encoded.matches("\\$7\\$\\d{2,7}\\$[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]{40,}");
    }

    /** A random password for generated credentials (URL- and shell-safe). */
    public static String randomPassword() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 512);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2 is not available", e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    public static void main(String[] args) {
        if (args.length != 1 || args[0].length() < 8) {
            System.err.println("usage: PasswordHash <password of at least 8 characters>");
            System.exit(2);
        }
        System.out.println(hash(args[0]));
    }
}
