package limber.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import limber.testing.DeviceLogins;

/** Small shared helpers for the benchmark: a high-resolution clock, percentiles, HTTP, /metrics, config dirs. */
final class Bench {
    static final ObjectMapper JSON = new ObjectMapper();
    // a scrape of a clustered instance once hung for minutes while the instance answered curl at once;
    // the cause was not found. HTTP/1.1 rules out the client's h2c upgrade, and send() bounds the wait
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Bench() {
    }

    // ---------------------------------------------------------------- clock

    private static final long NANO_BASE;
    private static final long EPOCH_BASE;

    static {
        // Align a nanoTime base with a currentTimeMillis tick edge, so trueMs() tracks the engine's clock
        // (System.currentTimeMillis) to well under a millisecond but with sub-millisecond resolution.
        long m0 = System.currentTimeMillis();
        long m;
        long n;
        do {
            n = System.nanoTime();
            m = System.currentTimeMillis();
        } while (m == m0);
        NANO_BASE = n;
        EPOCH_BASE = m;
    }

    /** True time in epoch milliseconds with sub-millisecond resolution (the reference every device is judged by). */
    static double trueMs() {
        return EPOCH_BASE + (System.nanoTime() - NANO_BASE) / 1e6;
    }

    /** Parks until trueMs() reaches {@code instant} (absolute deadline, never chained). */
    static void parkUntil(double instant) {
        while (true) {
            double left = instant - trueMs();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos((long) (left * 1e6));
        }
    }

    // ---------------------------------------------------------------- statistics

    record Summary(long n, double p50, double p99, double max, double min, double mean) {
        static Summary of(Collection<Double> values) {
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (v.length == 0) {
                return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            return new Summary(v.length, pct(v, 50), pct(v, 99), v[v.length - 1], v[0], Arrays.stream(v).average().orElse(0));
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n", n);
            m.put("p50", round(p50));
            m.put("p99", round(p99));
            m.put("max", round(max));
            m.put("min", round(min));
            m.put("mean", round(mean));
            return m;
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static double pct(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double round(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? v : Math.round(v * 1000.0) / 1000.0;
    }

    // ---------------------------------------------------------------- HTTP

    record Response(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static Response post(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    /** One script starts a thousand zones: lift the per-trainer command rate for it. */
    static final String[] BULK_COMMANDS = {"--http.commandsPerSecond=1000", "--http.commandBurst=10000"};

    /** Simulated watches here stand for whole classes: lift the per-device flood guard. */
    static final String[] BULK_DEVICES = {"--limits.deviceMessagesPerSecond=5000", "--limits.deviceMessageBurst=5000"};

    /** The test engines' trainer login (EngineFixture writes this password for "admin"). */
    static final String TRAINER_AUTH = DeviceLogins.TRAINER_AUTHORIZATION;

    private static Response send(HttpRequest r) {
        try {
            HttpRequest authed = HttpRequest.newBuilder(r, (name, value) -> true).header("authorization", TRAINER_AUTH).build();
            // a bound of our own besides the request timeout: that hang outlasted the 10 s timeout
            HttpResponse<String> resp = HTTP.sendAsync(authed, HttpResponse.BodyHandlers.ofString())
                    .get(r.timeout().orElse(Duration.ofSeconds(10)).toMillis() + 5_000, TimeUnit.MILLISECONDS);
            return new Response(resp.statusCode(), resp.body());
        } catch (ExecutionException | TimeoutException e) {
            return new Response(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(-1, "interrupted");
        }
    }

    // ---------------------------------------------------------------- Prometheus text

    /** One scrape of /metrics: sums samples by name and label filter. */
    record Scrape(List<String> lines) {
        static Scrape of(String api) {
            Response r = get(api + "/metrics");
            if (r.status() != 200) {
                throw new IllegalStateException("GET /metrics: " + r.status() + " " + r.body());
            }
            return new Scrape(r.body().lines().filter(l -> !l.startsWith("#")).toList());
        }

        /** Sum of every sample of {@code name} whose labels contain all of {@code labelParts} (e.g. reason="duplicate"). */
        double sum(String name, String... labelParts) {
            double total = 0;
            for (String l : lines) {
                if (!l.startsWith(name)) {
                    continue;
                }
                int sp = l.lastIndexOf(' ');
                String key = l.substring(0, sp);
                String metric = key.contains("{") ? key.substring(0, key.indexOf('{')) : key;
                if (!metric.equals(name)) {
                    continue;
                }
                boolean ok = true;
                for (String p : labelParts) {
                    ok &= key.contains(p);
                }
                if (ok) {
                    total += Double.parseDouble(l.substring(sp + 1));
                }
            }
            return total;
        }

        private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

        /** Cumulative histogram buckets of {@code name}_bucket: upper bound (seconds) to count. */
        Map<Double, Double> buckets(String name) {
            Map<Double, Double> out = new TreeMap<>();
            for (String l : lines) {
                if (l.startsWith(name + "_bucket")) {
                    Matcher m = LE.matcher(l);
                    if (m.find()) {
                        double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
                        out.merge(le, Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)), Double::sum);
                    }
                }
            }
            return out;
        }
    }

    /** Percentile (upper bucket bound, seconds) of the difference of two cumulative histograms. */
    static double bucketPct(Map<Double, Double> before, Map<Double, Double> after, double p) {
        List<Double> bounds = new ArrayList<>(after.keySet());
        double total = after.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) {
            return Double.NaN;
        }
        double want = Math.ceil(p / 100.0 * total);
        for (double b : bounds) {
            double c = after.get(b) - before.getOrDefault(b, 0.0);
            if (c >= want) {
                return b;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    // ---------------------------------------------------------------- config

    /** A copy of {@code config/} whose limber.yaml lists {@code zones} zones z0000, z0001, ... */
    static Path configWithZones(Path source, int zones) {
        try {
            Path dir = Files.createTempDirectory("limber-bench-config");
            try (Stream<Path> files = Files.list(source)) {
                for (Path f : files.toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
            String yaml = Files.readString(source.resolve("limber.yaml"));
            int at = yaml.indexOf("\nzones:");
            if (at < 0) {
                throw new IllegalStateException("no zones: section in " + source.resolve("limber.yaml"));
            }
            StringBuilder sb = new StringBuilder(yaml.substring(0, at)).append("\nzones:\n");
            for (int i = 0; i < zones; i++) {
                sb.append("  - id: \"").append(zoneId(i)).append("\"\n    name: \"Bench zone ").append(i).append("\"\n");
            }
            Files.writeString(dir.resolve("limber.yaml"), sb.toString());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String zoneId(int i) {
        return String.format("z%04d", i);
    }

    static Path configDir() {
        String p = System.getProperty("limber.config.dir");
        return Path.of(p != null ? p : "config").toAbsolutePath();
    }
}
