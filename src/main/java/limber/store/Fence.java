package limber.store;

/**
 * The ownership a zone's writer believes it holds: a write is stored only while the zone's lease
 * still has this epoch and owner. A paused or cut-off old owner is refused once another instance
 * has taken the zone over.
 */
public record Fence(long epoch, String owner) {
    /** For a zone this instance does not own: matches no lease, so every write is refused. */
    public static Fence none(String owner) {
        return new Fence(-1, owner);
    }
}
