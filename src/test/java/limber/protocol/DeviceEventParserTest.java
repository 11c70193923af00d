package limber.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceEventParserTest {
    private final DeviceEventParser parser = new DeviceEventParser(512);

    private Parsed<DeviceEvent> parse(String json) {
        return parser.parse("watch-1", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsAWellFormedDone() {
        DeviceEvent e = assertInstanceOf(Parsed.Ok.class, parse(
                "{\"eventId\":\"e-1\",\"type\":\"done\",\"zone\":\"main-floor\",\"sessionId\":\"s\",\"stepIndex\":2,\"at\":5}"))
                .value() instanceof DeviceEvent d ? d : null;
        assertEquals(DeviceEvent.Type.DONE, e.type());
        assertEquals(2, e.stepIndex());
        assertEquals("watch-1", e.deviceId());
    }

    @Test
    void joinNeedsNoSession() {
        assertInstanceOf(Parsed.Ok.class, parse("{\"eventId\":\"e-2\",\"type\":\"join\",\"zone\":\"main-floor\"}"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "not json at all|NOT_JSON",
        "[1,2,3]|NOT_AN_OBJECT",
        "\"text\"|NOT_AN_OBJECT",
        "{\"type\":\"done\",\"zone\":\"z\",\"sessionId\":\"s\",\"stepIndex\":1}|MISSING_FIELD",
        "{\"eventId\":7,\"type\":\"done\",\"zone\":\"z\",\"sessionId\":\"s\",\"stepIndex\":1}|WRONG_TYPE",
        "{\"eventId\":\"e\",\"type\":\"done\",\"zone\":\"z\",\"sessionId\":\"s\",\"stepIndex\":\"1\"}|WRONG_TYPE",
        "{\"eventId\":\"e\",\"type\":\"done\",\"zone\":\"z\",\"sessionId\":\"s\",\"stepIndex\":1.5}|WRONG_TYPE",
        "{\"eventId\":\"e\",\"type\":\"done\",\"zone\":\"z\",\"sessionId\":\"s\",\"stepIndex\":-1}|BAD_VALUE",
        "{\"eventId\":\"e\",\"type\":\"dance\",\"zone\":\"z\"}|BAD_VALUE",
        "{\"eventId\":\"e e\",\"type\":\"join\",\"zone\":\"z\"}|BAD_VALUE",
        "{\"eventId\":\"e\",\"type\":\"join\",\"zone\":\"z\",\"extra\":1}|UNKNOWN_FIELD",
        "{\"eventId\":\"e\",\"type\":\"done\",\"zone\":\"z\",\"stepIndex\":1}|MISSING_FIELD",
    })
    void rejectsWithAReason(String json, Rejection reason) {
        Parsed.Rejected<?> r = assertInstanceOf(Parsed.Rejected.class, parse(json));
        assertEquals(reason, r.reason(), r.detail());
    }

    @Test
    void rejectsOversizedWithoutReadingIt() {
        String big = "{\"eventId\":\"" + "x".repeat(600) + "\"}";
        assertEquals(Rejection.TOO_LARGE, ((Parsed.Rejected<?>) parse(big)).reason());
    }

    @Test
    void rejectsBadDeviceIdFromTheTopic() {
        Parsed<DeviceEvent> r = parser.parse("a+b", "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(Rejection.BAD_DEVICE_ID, ((Parsed.Rejected<?>) r).reason());
    }
}
