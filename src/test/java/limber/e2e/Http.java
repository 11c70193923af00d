package limber.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import limber.testing.EngineFixture;

/** Small blocking HTTP helper for tests (runs on the test thread, never on an event loop). */
final class Http {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization;

    /** The trainer login every test engine gets (see EngineFixture / EngineProcess). */
    static final String TRAINER = "admin";

    record Response(int status, String body, String contentType) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new IllegalStateException(body, e);
            }
        }
    }

    Http(String base) {
        this(base, TRAINER, EngineFixture.TRAINER_PASSWORD);
    }

    /** {@code user == null}: no Authorization header at all. */
    Http(String base, String user, String password) {
        this.base = base;
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Response get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response patch(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("content-type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    Response delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    private Response send(HttpRequest.Builder b) throws Exception {
        if (authorization != null) {
            b.header("authorization", authorization);
        }
        HttpResponse<String> r = client.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), r.headers().firstValue("content-type").orElse(null));
    }

    /** Value of one Prometheus sample, 0 when the series does not exist yet. */
    double metric(String name, String labels) throws Exception {
        String text = get("/metrics").body();
        String series = labels.isEmpty() ? Pattern.quote(name) + "(\\{[^}]*\\})?"
                : Pattern.quote(name) + "\\{" + Pattern.quote(labels) + ",?[^}]*\\}";
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(m.groupCount())) : 0;
    }
}
