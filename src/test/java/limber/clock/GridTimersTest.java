package limber.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Cue timers on a grid, on virtual time, with the wake-ups they cost the base scheduler counted. */
class GridTimersTest {
    private final VirtualTime time = new VirtualTime(1_000_000);
    private final List<String> ran = new ArrayList<>();
    private int wakeUps;
    private int baseCancels;
    private final Scheduler counting = new Scheduler() {
        @Override
        public long at(long instantMillis, Runnable task) {
            wakeUps++;
            return time.at(instantMillis, task);
        }

        @Override
        public void cancel(long id) {
            baseCancels++;
            time.cancel(id);
        }
    };

    private Runnable record(String name) {
        return () -> ran.add(name + "@" + time.nowMillis());
    }

    @Test
    void timersOfOneSlotShareAWakeUpAtTheSlotsStartInTheOrderTheyWereSet() {
        GridTimers grid = new GridTimers(counting, 4);
        grid.at(1_000_103, record("a"));
        grid.at(1_000_100, record("b"));
        grid.at(1_000_101, record("c"));
        grid.at(1_000_104, record("d"));
        time.advanceTo(1_000_200);
        assertEquals(List.of("a@1000100", "b@1000100", "c@1000100", "d@1000104"), ran);
        assertEquals(2, wakeUps, "one per slot");
        assertEquals(3, grid.earlyMs());
    }

    @Test
    void aCancelledTimerDoesNotRunAndAFailingOneDoesNotStopItsSlot() {
        GridTimers grid = new GridTimers(counting, 4);
        long cancelled = grid.at(1_000_101, record("cancelled"));
        grid.at(1_000_101, () -> {
            throw new IllegalStateException("one zone's fault");
        });
        grid.at(1_000_102, record("after"));
        grid.cancel(cancelled);
        time.advanceTo(1_000_200);
        assertEquals(List.of("after@1000100"), ran);
    }

    @Test
    void cancellingTheLastTimerOfASlotGivesBackItsWakeUpAndKeepsNothing() {
        GridTimers grid = new GridTimers(counting, 4);
        long first = grid.at(1_000_101, record("first"));
        long second = grid.at(1_000_102, record("second"));
        grid.cancel(first);
        assertEquals(0, baseCancels, "the slot still has a timer");
        grid.cancel(second);
        assertEquals(1, baseCancels, "an empty slot cancels its base timer");
        assertEquals(0, grid.pending(), "a paused zone holds nothing in the grid");
        grid.cancel(second); // twice is harmless
        assertEquals(1, baseCancels);

        grid.at(1_000_103, record("later"));
        assertEquals(2, wakeUps, "the emptied slot was given up, a new one takes its instant");
        time.advanceTo(1_000_200);
        assertEquals(List.of("later@1000100"), ran);
        assertEquals(0, grid.pending());
    }

    @Test
    void aTaskMayCancelALaterTimerOfItsOwnSlotOrSetOneInIt() {
        GridTimers grid = new GridTimers(counting, 4);
        long[] victim = new long[1];
        grid.at(1_000_100, () -> {
            ran.add("canceller@" + time.nowMillis());
            grid.cancel(victim[0]);
            grid.at(1_000_101, record("set-while-firing"));
        });
        victim[0] = grid.at(1_000_102, record("victim"));
        grid.at(1_000_103, record("survivor"));
        time.advanceTo(1_000_200);
        assertEquals(List.of("canceller@1000100", "survivor@1000100", "set-while-firing@1000100"), ran);
        assertEquals(0, baseCancels, "a firing slot has no base timer left to cancel");
        assertEquals(0, grid.pending());
    }

    @Test
    void theExactGridRunsEachTimerAtItsOwnMillisecond() {
        GridTimers grid = new GridTimers(counting, GridTimers.EXACT);
        grid.at(1_000_103, record("a"));
        grid.at(1_000_101, record("b"));
        grid.at(1_000_101, record("c"));
        time.advanceTo(1_000_200);
        assertEquals(List.of("b@1000101", "c@1000101", "a@1000103"), ran);
        assertEquals(0, grid.earlyMs());
        assertThrows(IllegalArgumentException.class, () -> new GridTimers(time, 0));
    }
}
