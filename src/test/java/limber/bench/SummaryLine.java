package limber.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The one line of space-separated {@code key=value} figures a run ends with (issue 14), read from the
 * report. A figure this run did not measure is {@code na}, never a guess or a default.
 */
final class SummaryLine {
    private SummaryLine() {
    }

    static Map<String, String> of(Report report, int zones) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("skew_p99_ms", find(report, "skew"::equals, "spread, clock crossing p99", 1));
        out.put("clock_jitter_p99_ms", find(report, s -> s.startsWith("clock-uniform"),
                "cross-display spread p99", 1));
        out.put("clock_loopback_p99_ms", find(report, "clock-loopback"::equals, "per-display |error| p99", 1));
        out.put("lateness_p99_ms", find(report, "lateness"::equals, "engine deadline lateness p99", 1));
        out.put("cues_before_instant_pct", "na"); // the lateness scenario counts late deliveries, not this share yet
        out.put("ingest_s", find(report, "ingest/embedded"::equals, "time until all counted", 1000));
        out.put("startup_s", find(report, "footprint"::equals, "start-up to /health UP", 1000));
        out.put("heap_kb_per_session", find(report, "footprint"::equals, "heap per idle (paused) session", 1));
        out.put("cpu_per_cue_ratio", find(report, "baseline"::equals, "engine/bare CPU per message ratio", 1));
        out.put("storm_cues_before_instant_pct", "na"); // no reconnect-storm scenario yet
        out.put("storm_reconnected_s", "na");
        out.put("zones", Integer.toString(zones));
        return out;
    }

    static String line(Map<String, String> figures) {
        StringBuilder b = new StringBuilder();
        figures.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return b.toString();
    }

    private static String find(Report report, Predicate<String> scenario, String namePrefix, double divisor) {
        for (Report.Figure f : report.figures()) {
            if (scenario.test(f.scenario()) && f.name().startsWith(namePrefix)) {
                return String.format(Locale.ROOT, "%.3f", f.value() / divisor);
            }
        }
        return "na";
    }
}
