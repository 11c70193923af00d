package limber.clock;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import limber.protocol.Outbox;

/** Keeps what the engine published, with the virtual instant it was published at. */
final class RecordingOutbox implements Outbox {
    record Published(String topic, JsonNode json, boolean retained, long publishedAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final VirtualTime time;
    final List<Published> messages = new ArrayList<>();

    RecordingOutbox(VirtualTime time) {
        this.time = time;
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained) {
        try {
            messages.add(new Published(topic, JSON.readTree(new String(payload, StandardCharsets.UTF_8)), retained,
                    time.nowMillis()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    List<Published> on(String topic) {
        return messages.stream().filter(m -> m.topic().equals(topic)).toList();
    }
}
