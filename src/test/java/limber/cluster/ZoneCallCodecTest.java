package limber.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import limber.clock.ZoneCall;
import limber.clock.ZoneCommand;
import limber.clock.ZoneResult;
import limber.config.ConfigLoader;
import limber.config.Settings;
import limber.protocol.DeviceEvent;
import limber.protocol.Rejection;
import limber.protocol.Wire;
import limber.routine.PlanCompiler;
import limber.session.CommandResult;

/** Zone calls and results survive the trip over the clustered event bus unchanged. */
class ZoneCallCodecTest {
    private static ZoneCall viaBus(ZoneCall c) {
        return ZoneCallCodec.decodeCall(new JsonObject(ZoneCallCodec.encode(c).encode()));
    }

    private static ZoneResult viaBus(ZoneResult r) {
        return ZoneCallCodec.decodeResult(new JsonObject(ZoneCallCodec.encode(r).encode()));
    }

    @Test
    void everyCallRoundTrips() {
        Settings s = ConfigLoader.load(new String[0], Map.of());
        var plan = new PlanCompiler(s.catalog(), s.holdPolicy()).compile(s.catalog().routine("post-workout-cooldown")
                .orElseThrow(), s.holdPolicy().resolve(20, 3, true));
        List<ZoneCall> calls = List.of(new ZoneCall.ReadState(), new ZoneCall.Start(plan),
                new ZoneCall.Command(ZoneCommand.EXTEND, 20), new ZoneCall.ListAlerts(),
                new ZoneCall.AcknowledgeAlert("w1-9"),
                new ZoneCall.Event(new DeviceEvent("watch-1", "e1", DeviceEvent.Type.DONE, "main", "main-1", 2, 17L), 99L),
                new ZoneCall.Event(new DeviceEvent("watch-1", "e2", DeviceEvent.Type.JOIN, "main", null, -1, 0L), 5L));
        for (ZoneCall c : calls) {
            assertEquals(c, viaBus(c));
        }
    }

    @Test
    void everyResultRoundTrips() {
        ObjectNode state = Wire.JSON.createObjectNode().put("status", "running").put("revision", 3);
        state.putArray("alerts").addObject().put("eventId", "p1");
        List<ZoneResult> results = List.of(new ZoneResult.State(state), new ZoneResult.Applied(state, 1234L),
                new ZoneResult.Refused(CommandResult.Reason.NOT_PAUSED, "the session is not paused"),
                new ZoneResult.StoreFailed("disk full"), new ZoneResult.EventOutcome(Optional.empty()),
                new ZoneResult.EventOutcome(Optional.of(Rejection.UNKNOWN_STEP)),
                new ZoneResult.Alerts(List.of(state)), new ZoneResult.UnknownAlert("p9"));
        for (ZoneResult r : results) {
            assertEquals(r, viaBus(r));
        }
    }
}
