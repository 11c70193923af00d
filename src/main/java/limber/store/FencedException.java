package limber.store;

/** The zone has a newer owner than the writer: nothing was written. */
public final class FencedException extends RuntimeException {
    public FencedException(String zone, Fence fence) {
        super("zone " + zone + " is no longer owned by " + fence.owner() + " at epoch " + fence.epoch());
    }
}
