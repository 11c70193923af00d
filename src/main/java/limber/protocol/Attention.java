package limber.protocol;

/** The stop line a session message carries while a zone has open pain alerts. */
public record Attention(long since, int open, String message) {
}
