package limber.store;

/** One zone's sound setting as stored (schema 6); {@code mode} is the wire word (off, tones, voice). */
public record StoredSound(String zone, String mode, int volume, String changedBy, long changedAt) {
}
