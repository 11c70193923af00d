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
