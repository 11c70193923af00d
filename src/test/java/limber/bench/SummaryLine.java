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
        out.put("first_draw_error_p99_ms", find(report, s -> s.startsWith("clock-uniform"),
                "|error| at first convergence p99", 1));
        out.put("first_draw_ready_p99_ms", find(report, s -> s.startsWith("clock-uniform"),
                "time to first convergence p99", 1));
        out.put("lateness_p99_ms", find(report, "lateness"::equals, "engine deadline lateness p99", 1));
        out.put("lateness_over_bare_timer_ratio", ratio(report, "lateness", "engine deadline lateness p99",
                "control: 1 ms hiccup meter lateness p99"));
        out.put("cues_before_instant_pct", find(report, "lateness"::equals, "cues received before their instant", 1));
        out.put("ingest_s", find(report, "burst/embedded"::equals, "all ", 1000));
        out.put("ingest_mosquitto_s", find(report, "burst/mosquitto"::equals, "all ", 1000));
        out.put("startup_s", find(report, "footprint"::equals, "start-up to /health UP", 1000));
        out.put("startup_over_bare_ratio", find(report, "footprint"::equals, "start-up / bare baseline ratio", 1));
        out.put("heap_kb_per_session", find(report, "footprint"::equals, "heap per idle (paused) session", 1));
        out.put("cpu_per_cue_ratio", find(report, "baseline"::equals, "engine/bare CPU per message ratio", 1));
        out.put("storm_cues_before_instant_pct", find(report, "storm"::equals, "cues before their instant", 1));
        out.put("storm_reconnected_s", find(report, "storm"::equals, "cold: all", 1000));
        out.put("storm_blip_reconnected_s", find(report, "storm"::equals, "blip: all", 1000));
        out.put("storm_paired_reconnected_s", find(report, "storm"::equals, "paired: all", 1000));
        out.put("zones", Integer.toString(zones));
        return out;
    }

    static String line(Map<String, String> figures) {
        StringBuilder b = new StringBuilder();
        figures.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return b.toString();
    }

    private static String ratio(Report report, String scenario, String numerator, String denominator) {
        String a = find(report, scenario::equals, numerator, 1);
        String b = find(report, scenario::equals, denominator, 1);
        if (a.equals("na") || b.equals("na") || Double.parseDouble(b) == 0) {
            return "na";
        }
        return String.format(Locale.ROOT, "%.3f", Double.parseDouble(a) / Double.parseDouble(b));
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
