package limber.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Map;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import limber.clock.ZoneCall;
import limber.clock.ZoneCommand;
import limber.config.ConfigLoader;

/** Trainer requests into typed zone calls, with the shipped config: what is refused, and how. */
class ZoneRequestsTest {
    private final ZoneRequests requests = new ZoneRequests(ConfigLoader.load(new String[0], Map.of()));

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "{}                                              | 400 | invalid_request",
        "{\"routineId\": 7}                              | 400 | invalid_request",
        "{\"routineId\": \"yoga\"}                       | 404 | unknown_routine",
        "{\"routineId\": \"beginner\", \"colour\": 1}    | 400 | invalid_request",
        "{\"routineId\": \"beginner\", \"holdSeconds\": \"30\"} | 400 | invalid_option",
        "{\"routineId\": \"beginner\", \"holdSeconds\": 1.5}    | 400 | invalid_option",
        "{\"routineId\": \"beginner\", \"holdSeconds\": 999}    | 400 | invalid_option",
        "{\"routineId\": \"beginner\", \"reps\": 0}             | 400 | invalid_option",
        "{\"routineId\": \"beginner\", \"lowFlexibility\": \"yes\"} | 400 | invalid_option",
    })
    void aBadStartIsRefusedWithAStatusAndACode(String body, int status, String code) {
        ZoneRequests.Request.Invalid bad = assertInstanceOf(ZoneRequests.Request.Invalid.class,
                requests.start(new JsonObject(body)));
        assertEquals(status, bad.status(), bad.message());
        assertEquals(code, bad.code(), bad.message());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"routineId\": \"beginner\", \"holdSeconds\": \"30\"}    | holdSeconds = \"30\": a number is expected, but a string was given",
        "{\"routineId\": \"beginner\", \"reps\": true}               | reps = true: a number is expected, but true or false was given",
        "{\"routineId\": \"beginner\", \"reps\": [2]}                | reps = [2]: a number is expected, but a list was given",
        "{\"routineId\": \"beginner\", \"holdSeconds\": {\"s\": 30}} | holdSeconds = {\"s\":30}: a number is expected, but an object was given",
        "{\"routineId\": \"beginner\", \"holdSeconds\": 1.5}         | holdSeconds = 1.5: must be a whole number",
        "{\"routineId\": \"beginner\", \"holdSeconds\": 3000000000}  | holdSeconds = 3000000000: is out of range",
        "{\"routineId\": \"beginner\", \"lowFlexibility\": \"yes\"} | lowFlexibility = \"yes\": true or false is expected, but a string was given",
        "{\"routineId\": \"beginner\", \"lowFlexibility\": 1}        | lowFlexibility = 1: true or false is expected, but a number was given",
    })
    void aValueOfTheWrongKindIsNamedWithWhatWasExpectedAndWhatWasGiven(String body, String message) {
        assertEquals(message, assertInstanceOf(ZoneRequests.Request.Invalid.class, requests.start(new JsonObject(body)))
                .message());
    }

    @Test
    void anExtensionGivenAsAStringSaysANumberIsExpected() {
        assertEquals("seconds = \"ten\": a number is expected, but a string was given",
                ((ZoneRequests.Request.Invalid) requests.command("extend", new JsonObject("{\"seconds\":\"ten\"}"))).message());
    }

    @Test
    void aGoodStartCarriesTheCompiledPlan() {
        ZoneCall.Start start = (ZoneCall.Start) assertInstanceOf(ZoneRequests.Request.Call.class,
                requests.start(new JsonObject("{\"routineId\":\"beginner\",\"holdSeconds\":40,\"reps\":3}"))).call();
        assertEquals("beginner", start.plan().routineId());
        assertEquals(40, start.plan().options().holdSeconds());
        assertEquals(3, start.plan().options().reps());
    }

    @Test
    void commandsByNameWithTheShippedExtension() {
        assertEquals(new ZoneCall.Command(ZoneCommand.PAUSE, 15), call(requests.command("pause", null)));
        assertEquals(new ZoneCall.Command(ZoneCommand.EXTEND, 15), call(requests.command("Extend", null)));
        assertEquals(new ZoneCall.Command(ZoneCommand.EXTEND, 25),
                call(requests.command("extend", new JsonObject("{\"seconds\":25}"))));
        ZoneRequests.Request.Invalid unknown = assertInstanceOf(ZoneRequests.Request.Invalid.class,
                requests.command("rewind", null));
        assertEquals(404, unknown.status());
        assertEquals("unknown_command", unknown.code());
        assertEquals(400, ((ZoneRequests.Request.Invalid) requests.command("extend",
                new JsonObject("{\"seconds\":\"ten\"}"))).status());
    }

    private static ZoneCall call(ZoneRequests.Request r) {
        return assertInstanceOf(ZoneRequests.Request.Call.class, r).call();
    }
}
