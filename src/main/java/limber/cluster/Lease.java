package limber.cluster;

/** One zone's row in the lease table: its fencing epoch and owner (null while handed over). */
public record Lease(String zone, long epoch, String owner) {
}
