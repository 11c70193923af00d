package limber.tools;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import limber.protocol.DeviceEventParser;

/**
 * The watch simulator's command line: {@code --name=value} options, checked before anything connects.
 * {@code key}: the password every simulated watch {@code <prefix>-<n>} logs in with (from WATCH_SIM_KEY,
 * never the command line); null for a broker that lets anyone in.
 */
public record SimulatorOptions(String url, String zone, int watches, String prefix, Report report, long jitterMs,
                               String key) {

    /** When a watch reports a step done. */
    public enum Report { END, START }

    static final String USAGE = "usage: watch-sim [--url=tcp://127.0.0.1:1884] [--zone=main-floor] [--watches=10]"
            + " [--prefix=sim-watch] [--report=end|start] [--jitter-ms=500]";

    public SimulatorOptions {
        if (watches < 1 || watches > 5000) {
            throw new IllegalArgumentException("--watches must be 1..5000, got " + watches);
        }
        if (!DeviceEventParser.ID.matcher(prefix + "-" + watches).matches()) {
            throw new IllegalArgumentException("--prefix must be a short id ([A-Za-z0-9._:-]), got " + prefix);
        }
        key = key == null || key.isEmpty() ? null : key;
        if (jitterMs < 0) {
            throw new IllegalArgumentException("--jitter-ms must be >= 0, got " + jitterMs);
        }
    }

    public SimulatorOptions(String url, String zone, int watches, String prefix, Report report, long jitterMs) {
        this(url, zone, watches, prefix, report, jitterMs, null);
    }

    /** Throws IllegalArgumentException with the message "usage" for --help. */
    static SimulatorOptions parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                throw new IllegalArgumentException("usage");
            }
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --name=value, got " + a);
            }
            m.put(a.substring(2, eq), a.substring(eq + 1));
        }
        SimulatorOptions o = new SimulatorOptions(m.getOrDefault("url", "tcp://127.0.0.1:1884"),
                m.getOrDefault("zone", "main-floor"), Integer.parseInt(m.getOrDefault("watches", "10")),
                m.getOrDefault("prefix", "sim-watch"), Report.valueOf(m.getOrDefault("report", "end").toUpperCase(Locale.ROOT)),
                Long.parseLong(m.getOrDefault("jitter-ms", "500")), System.getenv("WATCH_SIM_KEY"));
        m.keySet().removeAll(List.of("url", "zone", "watches", "prefix", "report", "jitter-ms"));
        if (!m.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): " + m.keySet());
        }
        return o;
    }

    /** What to print for a bad command line (or --help). */
    static String explain(IllegalArgumentException e) {
        return (e.getMessage().equals("usage") ? "" : e.getMessage() + "\n") + USAGE;
    }
}
