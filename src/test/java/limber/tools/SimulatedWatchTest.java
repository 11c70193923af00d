package limber.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A watch that is not connected (no broker is needed for this): its events wait, counted but unacknowledged. */
class SimulatedWatchTest {
    @Test
    void eventsMadeOfflineCountAsSentAndWaitForTheReconnect() throws Exception {
        DeliveryCounts counts = new DeliveryCounts();
        SimulatorOptions options = new SimulatorOptions("tcp://127.0.0.1:1", "main-floor", 1, "w",
                SimulatorOptions.Report.START, 0);
        SimulatedWatch watch = new SimulatedWatch("w-1", options, counts, (topic, payload) -> { });
        watch.event("join", null, -1);
        watch.event("done", "s-1", 0);
        watch.event("done", "s-1", 1);
        watch.close();
        assertEquals(2, counts.sent.get(), "a join is not a done");
        assertEquals(0, counts.acked.get());
        assertEquals("done events: 2 sent, 0 acknowledged, 0 re-sent after reconnects", counts.statusLine());
    }
}
