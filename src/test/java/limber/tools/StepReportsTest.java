package limber.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import limber.protocol.Topics;

/** Which cue makes a step due for every watch, from the messages the first watch hears. */
class StepReportsTest {
    private static final String SESSION = Topics.session("main-floor");
    private static final String CUE = Topics.cue("main-floor");
    /** Two steps; step 0's last phase is 2, step 1's is 4. */
    private static final String S1 = "{\"sessionId\":\"s-1\",\"revision\":1,\"steps\":[{\"lastPhase\":2},{\"lastPhase\":4}]}";

    @Test
    void atStartEachStepIsDueOnceAfterTheCuesLead() {
        StepReports reports = new StepReports(SimulatorOptions.Report.START);
        assertNull(reports.onMessage(CUE, cue("s-1", "step_start", 0, 0, 1_300, 1_000)), "no session known yet");
        assertNull(reports.onMessage(SESSION, bytes(S1)));
        assertEquals(new StepReports.Due("s-1", 0, 300), reports.onMessage(CUE, cue("s-1", "step_start", 0, 0, 1_300, 1_000)));
        assertNull(reports.onMessage(CUE, cue("s-1", "step_start", 0, 0, 1_300, 1_000)), "once per step");
        assertNull(reports.onMessage(CUE, cue("s-1", "hold_end", 0, 2, 5_000, 5_000)), "not at the end");
        assertEquals(new StepReports.Due("s-1", 1, 0), reports.onMessage(CUE, cue("s-1", "step_start", 1, 3, 900, 1_000)),
                "a late cue is reported at once");
        assertNull(reports.onMessage(CUE, cue("s-0", "step_start", 2, 0, 0, 0)), "another session's cue");
    }

    @Test
    void atEndOnlyTheStepsLastHoldEndCounts() {
        StepReports reports = new StepReports(SimulatorOptions.Report.END);
        reports.onMessage(SESSION, bytes(S1));
        assertNull(reports.onMessage(CUE, cue("s-1", "step_start", 0, 0, 0, 0)));
        assertNull(reports.onMessage(CUE, cue("s-1", "hold_end", 0, 1, 0, 0)), "an earlier hold of the step");
        assertEquals(new StepReports.Due("s-1", 0, 0), reports.onMessage(CUE, cue("s-1", "hold_end", 0, 2, 0, 0)));
        assertNull(reports.onMessage(CUE, cue("s-1", "hold_end", 1, 2, 0, 0)), "step 1 ends at phase 4");
    }

    @Test
    void anOlderRevisionOfTheSameSessionIsIgnoredAndGarbageChangesNothing() {
        StepReports reports = new StepReports(SimulatorOptions.Report.END);
        reports.onMessage(SESSION, bytes("{\"sessionId\":\"s-1\",\"revision\":3,\"steps\":[{\"lastPhase\":5}]}"));
        reports.onMessage(SESSION, bytes(S1));
        assertNull(reports.onMessage(SESSION, bytes("not json")));
        assertNull(reports.onMessage(SESSION, bytes("{\"idle\":true}")), "no session: the last one stays");
        assertNull(reports.onMessage(CUE, cue("s-1", "hold_end", 0, 2, 0, 0)), "revision 1 is older than 3");
        assertEquals(new StepReports.Due("s-1", 0, 0), reports.onMessage(CUE, cue("s-1", "hold_end", 0, 5, 0, 0)));
    }

    private static byte[] cue(String session, String kind, int step, int phase, long at, long serverTime) {
        return bytes("{\"sessionId\":\"" + session + "\",\"kind\":\"" + kind + "\",\"stepIndex\":" + step
                + ",\"phaseIndex\":" + phase + ",\"at\":" + at + ",\"serverTime\":" + serverTime + "}");
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
