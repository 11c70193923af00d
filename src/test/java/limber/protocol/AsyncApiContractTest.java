package limber.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import limber.security.AccessRules;
import limber.security.Credential;

/**
 * docs/asyncapi.yaml itself, no engine: its validators refuse what the contract forbids, and each
 * channel's {@code x-limber-access} matches the broker's {@link AccessRules}.
 */
class AsyncApiContractTest {
    private static final String ZONE = "main-floor";
    private static final String OTHER_ZONE = "studio-b";
    private static AsyncApiContract contract;

    @BeforeAll
    static void loadContract() throws Exception {
        contract = AsyncApiContract.load(Path.of("docs", "asyncapi.yaml"));
    }

    @Test
    void validatorsRejectWhatTheContractForbids() {
        // guards the schema tests: a validator that accepts everything would make them vacuous
        String ack = "{\"eventId\":\"w-1\",\"status\":\"accepted\",\"serverTime\":1795637555893}";
        assertTrue(contract.validator("DeviceAck").validate(new JsonObject(ack)).getValid());
        for (String bad : List.of(
                "{\"eventId\":\"w-1\",\"status\":\"accepted\",\"serverTime\":1795637555893,\"extra\":1}",
                "{\"eventId\":\"w-1\",\"status\":\"maybe\",\"serverTime\":1795637555893}",
                "{\"eventId\":\"w-1\",\"status\":\"rejected\",\"serverTime\":1795637555893}",
                "{\"eventId\":\"w-1\",\"status\":\"accepted\",\"reason\":\"duplicate\",\"serverTime\":1}",
                "{\"eventId\":\"w-1\",\"status\":\"accepted\",\"serverTime\":-5}")) {
            assertFalse(contract.validator("DeviceAck").validate(new JsonObject(bad)).getValid(), bad);
        }
        assertFalse(contract.validator("CueMessage").validate(new JsonObject("{\"kind\":\"step_start\"}")).getValid());
        assertTrue(contract.channelsFor("limber/v1/zones/main-floor/colour").isEmpty());
        assertTrue(contract.channelsFor("limber/v1/devices/a/b/acks").isEmpty());
        assertEquals(List.of("deviceAcks"), contract.channelsFor(Topics.acks("watch-1")).stream()
                .map(AsyncApiContract.Channel::name).toList());
    }

    // ------------------------------------------------------------------------------------------
    // x-limber-access against the broker's rules
    // ------------------------------------------------------------------------------------------

    @Test
    void accessTableMatchesTheBrokerRules() {
        List<String> problems = new ArrayList<>();
        int checks = 0;
        for (String role : List.of("engine", "display", "watch", "trainer", "observer")) {
            String me = role.equals("engine") ? "limber-1-engine" : role + "-1";
            AccessRules rules = AccessRules.of(new Credential(me, role, ZONE, "$7$unused"));
            for (AsyncApiContract.Channel ch : contract.channels()) {
                for (String mode : List.of("read", "write")) {
                    String scope = ch.access(mode, role);
                    for (Variant v : variants(ch, me)) {
                        boolean expected = switch (scope) {
                            case "none" -> false;
                            case "all" -> true;
                            case "ownZone" -> v.ownZone();
                            case "ownDevice" -> v.ownDevice();
                            default -> {
                                problems.add(ch.name() + ": unknown x-limber-access scope '" + scope + "'");
                                yield false;
                            }
                        };
                        if (v.wildcard() && mode.equals("write")) {
                            continue; // nobody publishes to a filter
                        }
                        boolean actual = mode.equals("read") ? rules.mayRead(v.topic()) : rules.mayWrite(v.topic());
                        checks++;
                        if (expected != actual) {
                            problems.add(ch.name() + ": " + role + " " + mode + " " + v.topic() + ": documented "
                                    + scope + " (" + expected + ") but AccessRules says " + actual);
                        }
                    }
                }
            }
        }
        System.out.println("AsyncAPI access table: " + checks + " role/channel/topic checks against AccessRules");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private record Variant(String topic, boolean ownZone, boolean ownDevice, boolean wildcard) {
    }

    /** Concrete topics of a channel: own / other zone or device, and the all-matching wildcard filter. */
    private static List<Variant> variants(AsyncApiContract.Channel ch, String me) {
        String a = ch.address();
        if (a.contains("{zone}")) {
            return List.of(new Variant(a.replace("{zone}", ZONE), true, false, false),
                    new Variant(a.replace("{zone}", OTHER_ZONE), false, false, false),
                    new Variant(a.replace("{zone}", "+"), false, false, true));
        }
        if (a.contains("{deviceId}")) {
            return List.of(new Variant(a.replace("{deviceId}", me), false, true, false),
                    new Variant(a.replace("{deviceId}", "someone-else"), false, false, false),
                    new Variant(a.replace("{deviceId}", "+"), false, false, true));
        }
        return List.of(new Variant(a, true, true, false));
    }
}
