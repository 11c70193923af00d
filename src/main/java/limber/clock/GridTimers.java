package limber.clock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cue timers of every zone on one grid. A timer for instant t fires at the grid instant at or
 * before t, together with every other timer of that slot, so an engine with thousands of zones wakes
 * its event loop once per slot rather than once per cue (at 10,000 zones, 1,200 cues a second fall
 * into at most 250 slots of 4 ms). A cue may so go out up to one grid step early; it announces its own
 * instant, so no screen shows it sooner. Only for timers that may fire early; event-loop only.
 */
public final class GridTimers {
    private static final Logger LOG = LoggerFactory.getLogger(GridTimers.class);
    /** Each timer at its own millisecond (tests on virtual time). */
    public static final long EXACT = 1;
    /** What the engine uses. */
    public static final long ENGINE_GRID_MS = 4;

    private final Scheduler base;
    private final long gridMs;
    private final Map<Long, List<Long>> slots = new HashMap<>();
    private final Map<Long, Runnable> live = new HashMap<>();
    private long nextId;

    public GridTimers(Scheduler base, long gridMs) {
        if (gridMs < 1) {
            throw new IllegalArgumentException("grid must be at least 1 ms, not " + gridMs);
        }
        this.base = base;
        this.gridMs = gridMs;
    }

    /** How much earlier than asked a timer may fire, at most: the grid step minus one millisecond. */
    public long earlyMs() {
        return gridMs - 1;
    }

    /** Runs {@code task} at the grid instant at or before {@code instantMillis}; returns an id for {@link #cancel}. */
    public long at(long instantMillis, Runnable task) {
        long slot = Math.floorDiv(instantMillis, gridMs) * gridMs;
        long id = nextId++;
        live.put(id, task);
        List<Long> ids = slots.get(slot);
        if (ids == null) {
            ids = new ArrayList<>(4);
            slots.put(slot, ids);
            base.at(slot, () -> fire(slot));
        }
        ids.add(id);
        return id;
    }

    public void cancel(long id) {
        live.remove(id);
    }

    private void fire(long slot) {
        List<Long> ids = slots.remove(slot);
        if (ids == null) {
            return;
        }
        for (Long id : ids) {
            Runnable task = live.remove(id);
            if (task == null) {
                continue; // cancelled
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                // one zone's failure must not cost the other zones of this slot their cues
                LOG.error("a timer of slot {} failed", slot, e);
            }
        }
    }
}
