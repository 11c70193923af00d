package limber.fleet;

import java.security.SecureRandom;

/**
 * Pairing codes: 6 characters from 31 that cannot be mistaken for one another on a screen across a
 * room (no 0/O, no 1/I/L), so 31^6 = 887,503,681 codes. Typed in either case, with or without spaces.
 */
public final class PairingCode {
    public static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public static final int LENGTH = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PairingCode() {
    }

    public static String next() {
        StringBuilder b = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /** The code as typed, upper-cased and without spaces or dashes; null if it cannot be a code. */
    public static String normalise(String typed) {
        if (typed == null) {
            return null;
        }
        String c = typed.replaceAll("[\\s-]", "").toUpperCase();
        if (c.length() != LENGTH) {
            return null;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (ALPHABET.indexOf(c.charAt(i)) < 0) {
                return null;
            }
        }
        return c;
    }
}
