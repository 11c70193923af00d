package limber.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The run's last line: every key the issue names, a figure where one was measured, na where not. */
class SummaryLineTest {
    @Test
    void measuredFiguresInTheirUnitsAndNaForTheRest() {
        Report report = new Report();
        report.add("skew", "spread, clock crossing p99", 2.4812, "ms", "<= 5", true);
        report.add("burst/embedded", "all 20000 journaled after", 1238, "ms", "<= 1500", true);
        report.add("storm", "cold: all 500 back (PBKDF2 each)", 6120, "ms", "<= 5000", false);
        report.add("footprint", "start-up to /health UP (median of 3)", 1337, "ms", "<= 1500", true);
        report.add("clock-uniform-2-30", "cross-display spread p99", 1.2, "ms", "<= 1", false);
        Map<String, String> figures = SummaryLine.of(report, 200);
        assertEquals("skew_p99_ms=2.481 clock_jitter_p99_ms=1.200 clock_loopback_p99_ms=na first_draw_error_p99_ms=na"
                + " first_draw_ready_p99_ms=na lateness_p99_ms=na"
                + " lateness_over_bare_timer_ratio=na cues_before_instant_pct=na ingest_s=1.238 ingest_mosquitto_s=na"
                + " startup_s=1.337 startup_over_bare_ratio=na heap_kb_per_session=na"
                + " cpu_per_cue_ratio=na storm_cues_before_instant_pct=na storm_reconnected_s=6.120"
                + " storm_blip_reconnected_s=na storm_paired_reconnected_s=na zones=200", SummaryLine.line(figures));
    }
}
