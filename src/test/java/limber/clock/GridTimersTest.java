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
    private final Scheduler counting = new Scheduler() {
        @Override
        public long at(long instantMillis, Runnable task) {
            wakeUps++;
            return time.at(instantMillis, task);
        }

        @Override
        public void cancel(long id) {
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
