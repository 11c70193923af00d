package limber.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.awaitility.Awaitility;

/**
 * Broker logins for the devices of a test, made the way an admin makes them for a device that cannot
 * show a pairing code: {@code POST /api/devices} as the test admin. Each id is made once and then
 * remembered, so a test (or a page reloaded with the same {@code ?device=}) asking again gets the same
 * login. With logins on (the shipped default) this is how every test device gets onto the broker.
 */
public final class DeviceLogins {
    /** HTTP Basic for the "admin" trainer every test engine has. */
    public static final String TRAINER_AUTHORIZATION = "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + EngineFixture.TRAINER_PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String api;
    private final Map<String, DeviceLogin> made = new ConcurrentHashMap<>();

    /** {@code api}: the engine's HTTP base, e.g. {@code fx.api()}. */
    public DeviceLogins(String api) {
        this.api = api;
    }

    /**
     * The login of device {@code id} with this role ({@code display}, {@code watch}, {@code tablet}) and
     * zone, made on first use. Asking for a known id with another role or zone is a mistake in the test.
     */
    public DeviceLogin device(String id, String role, String zone) {
        DeviceLogin login = made.computeIfAbsent(id, k -> create(k, role, zone));
        if (!login.role().equals(role) || !Objects.equals(login.zone(), zone)) {
            throw new IllegalArgumentException("device " + id + " was made as " + login.role() + " in " + login.zone()
                    + ", not as " + role + " in " + zone);
        }
        return login;
    }

    /** Watches {@code prefix0} … {@code prefix<count-1>} in {@code zone}, one login each. */
    public List<DeviceLogin> watches(String prefix, int count, String zone) {
        List<DeviceLogin> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(device(prefix + i, "watch", zone));
        }
        return out;
    }

    /** A fresh observer: reads everything under limber/v1/, writes nothing (a dashboard, a test's spy). */
    public DeviceLogin observer() {
        return create("observer-" + UUID.randomUUID().toString().substring(0, 8), "observer", null);
    }

    /**
     * POST /api/devices. The admin's calls share the per-trainer command rate (http.commandsPerSecond) with
     * the test's own commands: a 429 is waited out (bounded), as a script making many logins would.
     */
    private DeviceLogin create(String id, String role, String zone) {
        ObjectNode body = JSON.createObjectNode().put("id", id).put("role", role).put("name", "test " + id);
        if (zone != null) {
            body.put("zone", zone);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/api/devices"))
                .header("authorization", TRAINER_AUTHORIZATION).header("content-type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
        Awaitility.await("POST /api/devices " + body + " within the command rate").atMost(Duration.ofSeconds(60))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).until(() -> {
                    answer.set(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
                    return answer.get().statusCode() != 429;
                });
        HttpResponse<String> r = answer.get();
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST /api/devices " + body + " -> " + r.statusCode() + " " + r.body());
        }
        try {
            JsonNode made = JSON.readTree(r.body());
            return new DeviceLogin(made.get("id").asText(), made.get("secret").asText(), role, zone);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
