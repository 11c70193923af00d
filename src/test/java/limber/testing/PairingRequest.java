package limber.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A device's pending pairing request (POST /api/pairing), read as server-sent events on a thread of its own. */
public final class PairingRequest implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> names = new LinkedBlockingQueue<>();
    private final Thread reader;
    public final int status;

    public PairingRequest(String api, String kind) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(api + "/api/pairing"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"" + kind + "\"}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        status = r.statusCode();
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String event = null;
                for (String line; (line = in.readLine()) != null;) {
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        names.add(event);
                        events.add(JSON.readTree(line.substring(6)));
                    }
                }
            } catch (Exception closed) {
                // the stream ended
            }
        }, "pairing-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** The next event, which must be {@code expectedEvent}, within 10 s. */
    public JsonNode next(String expectedEvent) throws InterruptedException {
        String name = names.poll(10, TimeUnit.SECONDS);
        assertEquals(expectedEvent, name);
        return events.poll(1, TimeUnit.SECONDS);
    }

    /** Pairs a new device through the whole flow: asks for a code, approves it as the admin, returns the paired event. */
    public static JsonNode pair(String api, String role, String zone, String name) throws Exception {
        try (PairingRequest r = new PairingRequest(api, role)) {
            String code = r.next("code").get("code").asText();
            HttpResponse<String> ok = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/api/pairing/" + code
                    + "/approve")).header("content-type", "application/json").header("authorization", DeviceLogins.TRAINER_AUTHORIZATION)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"" + role + "\",\"zone\":\"" + zone
                            + "\",\"name\":\"" + name + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode(), ok.body());
            return r.next("paired");
        }
    }

    @Override
    public void close() {
        reader.interrupt();
    }
}
