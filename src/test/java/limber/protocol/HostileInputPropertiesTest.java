package limber.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Garbage and near-valid messages thrown at every parser of device input: nothing may throw, and
 * every rejection must carry a reason and a detail. 10,000 inputs per parser and kind.
 */
class HostileInputPropertiesTest {
    private static final DeviceEventParser EVENTS = new DeviceEventParser(2048);
    private static final List<String> EVENT_FIELDS = List.of("eventId", "type", "zone", "sessionId", "stepIndex", "at");

    @Property(tries = 10_000)
    void eventParserNeverThrowsOnBytes(@ForAll("garbage") byte[] payload, @ForAll("deviceIds") String device) {
        check(EVENTS.parse(device, payload));
    }

    @Property(tries = 10_000)
    void eventParserNeverThrowsOnNearValidJson(@ForAll("nearValidEvents") String json) {
        Parsed<DeviceEvent> r = EVENTS.parse("watch-1", json.getBytes(StandardCharsets.UTF_8));
        check(r);
        if (r instanceof Parsed.Ok<DeviceEvent> ok) {
            DeviceEvent e = ok.value();
            assertFalse(e.eventId().isEmpty());
            assertNotNull(e.type());
            if (e.type().aboutAStep()) {
                assertNotNull(e.sessionId());
                assertFalse(e.stepIndex() < 0);
            }
        }
    }

    @Property(tries = 10_000)
    void statusParserNeverThrows(@ForAll("garbageOrStatus") byte[] payload, @ForAll("deviceIds") String device) {
        check(StatusParser.parse(device, payload, 0));
    }

    @Property(tries = 10_000)
    void pingParserNeverThrows(@ForAll("garbageOrPing") byte[] payload) {
        check(PingParser.parse(payload));
    }

    private static void check(Parsed<?> r) {
        if (r instanceof Parsed.Rejected<?> rej) {
            assertNotNull(rej.reason(), "a rejection names its reason");
            assertFalse(rej.detail() == null || rej.detail().isBlank(), "a rejection explains itself");
        }
    }

    @Provide
    Arbitrary<String> deviceIds() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().withChars("abcdefghij0123456789-_.:").ofMinLength(1).ofMaxLength(64),
                Arbitraries.of("watch-1", "a/b", "+", "#", "", "x".repeat(65)));
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(3000),
                Arbitraries.strings().ofMaxLength(300).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.of("{", "[]", "null", "1", "\"x\"", "{\"a\":", "{}", "{\"eventId\":{}}",
                        "[".repeat(2000), "{\"a\":".repeat(500)).map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }

    @Provide
    Arbitrary<byte[]> garbageOrStatus() {
        Arbitrary<String> near = Combinators.combine(
                Arbitraries.of("online", "offline", "ONLINE", "asleep", "", "1"),
                Arbitraries.of("display", "watch", "trainer", "toaster", "", "null"),
                Arbitraries.of("\"main-floor\"", "null", "3", "[]", "\"atlantis\"")).as((s, k, z) ->
                "{\"state\":\"" + s + "\",\"kind\":\"" + k + "\",\"zone\":" + z + "}");
        return Arbitraries.oneOf(garbage(), near.map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }

    @Provide
    Arbitrary<byte[]> garbageOrPing() {
        Arbitrary<String> near = Arbitraries.of("1", "1.5", "-3", "\"x\"", "null", "[]", "{}", "1e308", "99999999999999999999")
                .map(v -> "{\"t0\":" + v + "}");
        return Arbitraries.oneOf(garbage(), near.map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }

    /** A valid event with one to three fields removed, retyped, oversized or added. */
    @Provide
    Arbitrary<String> nearValidEvents() {
        Arbitrary<JsonNode> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(100).map(Wire.JSON::valueToTree),
                Arbitraries.integers().map(Wire.JSON::valueToTree),
                Arbitraries.longs().map(Wire.JSON::valueToTree),
                Arbitraries.doubles().map(Wire.JSON::valueToTree),
                Arbitraries.of(true, false).map(Wire.JSON::valueToTree),
                Arbitraries.just(Wire.JSON.nullNode()),
                Arbitraries.just(Wire.JSON.createArrayNode()),
                Arbitraries.just(Wire.JSON.createObjectNode()),
                Arbitraries.of("done", "skip", "pain", "join", "leave", "DONE", "Done").map(Wire.JSON::valueToTree));
        Arbitrary<String> fieldNames = Arbitraries.oneOf(Arbitraries.of(EVENT_FIELDS),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(20));
        Arbitrary<ObjectNode[]> mutation = Combinators.combine(fieldNames, values, Arbitraries.integers().between(0, 2))
                .as((field, value, how) -> {
                    ObjectNode n = valid();
                    switch (how) {
                        case 0 -> n.remove(field);
                        case 1 -> n.set(field, value);
                        default -> n.set(field + "x", value);
                    }
                    return new ObjectNode[] {n};
                });
        return mutation.list().ofMinSize(1).ofMaxSize(3).map(ms -> {
            ObjectNode n = valid();
            for (ObjectNode[] m : ms) {
                m[0].fields().forEachRemaining(f -> n.set(f.getKey(), f.getValue()));
                EVENT_FIELDS.stream().filter(f -> !m[0].has(f)).forEach(n::remove);
            }
            return n.toString();
        });
    }

    private static ObjectNode valid() {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("eventId", "e-1");
        n.put("type", "done");
        n.put("zone", "main-floor");
        n.put("sessionId", "main-floor-1");
        n.put("stepIndex", 0);
        return n;
    }

    @Example
    void aValidEventStillParses() {
        assertEquals(DeviceEvent.Type.DONE,
                ((Parsed.Ok<DeviceEvent>) EVENTS.parse("w", valid().toString().getBytes(StandardCharsets.UTF_8))).value().type());
    }
}
