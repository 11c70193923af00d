package limber.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Figures of one benchmark run: printed as a table and written as target/bench/*.json. */
final class Report {
    /** {@code pass} is null for a figure without a target (context only). */
    record Figure(String scenario, String name, double value, String unit, String target, Boolean pass) {
    }

    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, Map<String, Object>> details = new LinkedHashMap<>();

    synchronized void add(String scenario, String name, double value, String unit, String target, Boolean pass) {
        figures.add(new Figure(scenario, name, value, unit, target, pass));
    }

    synchronized void info(String scenario, String name, double value, String unit) {
        add(scenario, name, value, unit, "", null);
    }

    /** Raw details of a scenario (distributions, counters, settings) for its JSON file. */
    synchronized Map<String, Object> details(String scenario) {
        return details.computeIfAbsent(scenario, k -> new LinkedHashMap<>());
    }

    synchronized List<Figure> figures() {
        return List.copyOf(figures);
    }

    synchronized String table() {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-10s %-44s %14s %-6s %-14s %s%n";
        sb.append(String.format(Locale.ROOT, fmt, "scenario", "figure", "value", "unit", "target", "result"));
        sb.append("-".repeat(100)).append('\n');
        for (Figure f : figures) {
            String v = Double.isNaN(f.value()) ? "n/a" : String.format(Locale.ROOT, "%.3f", f.value());
            sb.append(String.format(Locale.ROOT, fmt, f.scenario(), f.name(), v, f.unit(), f.target(),
                    f.pass() == null ? "" : f.pass() ? "PASS" : "FAIL"));
        }
        return sb.toString();
    }

    synchronized void write(Path dir, Map<String, Object> run) {
        try {
            Files.createDirectories(dir);
            Map<String, Object> summary = new LinkedHashMap<>(run);
            List<Map<String, Object>> fs = new ArrayList<>();
            for (Figure f : figures) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("scenario", f.scenario());
                m.put("figure", f.name());
                m.put("value", Double.isNaN(f.value()) ? null : Bench.round(f.value()));
                m.put("unit", f.unit());
                m.put("target", f.target());
                m.put("pass", f.pass());
                fs.add(m);
            }
            summary.put("figures", fs);
            Bench.JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("summary.json").toFile(), summary);
            for (Map.Entry<String, Map<String, Object>> e : details.entrySet()) {
                Bench.JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(e.getKey() + ".json").toFile(), e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
