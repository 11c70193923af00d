package limber.clock;

import java.util.HashMap;
import java.util.LinkedHashMap;
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
    private final Map<Long, Slot> slots = new HashMap<>();
    private final Map<Long, Slot> slotOf = new HashMap<>();
    private long nextId;

    /** One grid instant: its tasks in the order they were set, and the base timer that runs them. */
    private static final class Slot {
        final long instant;
        final Map<Long, Runnable> tasks = new LinkedHashMap<>(4);
        long baseId;

        Slot(long instant) {
            this.instant = instant;
        }
    }

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
        long instant = Math.floorDiv(instantMillis, gridMs) * gridMs;
        Slot slot = slots.get(instant);
        if (slot == null) {
            Slot created = new Slot(instant);
            slots.put(instant, created);
            created.baseId = base.at(instant, () -> fire(created));
            slot = created;
        }
        long id = nextId++;
        slot.tasks.put(id, task);
        slotOf.put(id, slot);
        return id;
    }

    /**
     * Forgets a timer at once; a slot left empty gives its base timer back, so a paused zone holds
     * nothing until the slot's instant would have passed.
     */
    public void cancel(long id) {
        Slot slot = slotOf.remove(id);
        if (slot == null) {
            return; // ran already, or cancelled before
        }
        slot.tasks.remove(id);
        if (slot.tasks.isEmpty() && slots.get(slot.instant) == slot) {
            slots.remove(slot.instant);
            base.cancel(slot.baseId);
        }
    }

    /** Timers set and neither run nor cancelled. */
    int pending() {
        return slotOf.size();
    }

    private void fire(Slot slot) {
        slots.remove(slot.instant);
        // a task may cancel or set timers, even in this slot: walk a copy of the ids
        for (Long id : slot.tasks.keySet().toArray(new Long[0])) {
            if (slotOf.remove(id) == null) {
                continue; // cancelled by an earlier task of this slot
            }
            try {
                slot.tasks.get(id).run();
            } catch (RuntimeException e) {
                // one zone's failure must not cost the other zones of this slot their cues
                LOG.error("a timer of slot {} failed", slot.instant, e);
            }
        }
    }
}
