package limber.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeProperty;

import limber.config.ConfigLoader;
import limber.config.LimberConfig;
import limber.config.Settings;
import limber.devices.DeviceInbox;
import limber.devices.DeviceRateLimit;
import limber.devices.Presence;
import limber.metrics.EngineMetrics;
import limber.protocol.DeviceEventParser;
import limber.protocol.Topics;
import limber.routine.PlanCompiler;
import limber.session.CueSchedule;
import limber.session.SessionCommands;

/**
 * Near-valid device events (wrong session, step out of range, replayed ids, unknown zones, bad
 * types) go through the real inbox into a real zone owner: whatever is refused must leave the
 * zone's progress exactly as it was, and whatever is accepted is counted.
 */
class RejectedInputLeavesStatePropertiesTest {
    private SimpleMeterRegistry registry;
    private DeviceInbox inbox;
    private ZoneOwner owner;
    private String sessionId;
    private int steps;
    private long arrival;

    @BeforeProperty
    void zoneWithASession() {
        Settings settings = ConfigLoader.load(new String[0], Map.of());
        VirtualTime time = new VirtualTime(1_800_000_000_000L);
        RecordingOutbox outbox = new RecordingOutbox(time);
        registry = new SimpleMeterRegistry();
        EngineMetrics metrics = new EngineMetrics(registry);
        ZoneServices svc = new ZoneServices(time, time, outbox, new SessionCommands(300, 60_000), new CueSchedule(5000),
                metrics, settings.safety(), SessionLog.NONE, 100_000, 150, 100, false);
        owner = new ZoneOwner(new LimberConfig.Zone("main-floor", "Main"), svc);
        owner.handle(new ZoneCall.Start(new PlanCompiler(settings.catalog(), settings.holdPolicy()).compile(
                settings.catalog().routine("beginner").orElseThrow(), settings.holdPolicy().resolve(null, null, false))));
        time.advanceTo(1_800_000_010_000L); // the first step has started: done and skip for it can count
        sessionId = owner.session().id();
        arrival = time.nowMillis();
        steps = owner.session().plan().steps().size();
        inbox = new DeviceInbox(new LocalZoneRoutes(Map.of("main-floor", owner)), new DeviceEventParser(2048),
                new Presence(100), outbox, time, metrics, new DeviceRateLimit(10_000, 100_000),
                new DeviceRateLimit(10_000, 100_000));
    }

    @Property(tries = 10_000)
    void refusedEventsChangeNothing(@ForAll("events") String[] deviceAndPayload) {
        String before = progress();
        double rejectedBefore = rejected();
        double acceptedBefore = accepted();
        inbox.onEvent(Topics.deviceEvents(deviceAndPayload[0]), deviceAndPayload[1].getBytes(StandardCharsets.UTF_8),
                arrival, () -> { });
        boolean refused = rejected() > rejectedBefore;
        boolean taken = accepted() > acceptedBefore;
        assertEquals(1, (refused ? 1 : 0) + (taken ? 1 : 0), "each message is either accepted or refused, once");
        if (refused) {
            assertEquals(before, progress(), "a refused event changed the zone's progress: " + deviceAndPayload[1]);
        }
    }

    private String progress() {
        return owner.progress().counts().toString() + owner.progress().seq();
    }

    private double rejected() {
        return registry.find("limber.device.messages.rejected").counters().stream().mapToDouble(Counter::count).sum();
    }

    private double accepted() {
        return registry.find("limber.device.events.accepted").counters().stream().mapToDouble(Counter::count).sum();
    }

    @Provide
    Arbitrary<String[]> events() {
        Arbitrary<String> device = Arbitraries.of("watch-1", "watch-2", "watch-3", "w/x", "");
        Arbitrary<String> eventId = Arbitraries.oneOf(Arbitraries.of("e1", "e2", "e3"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8));
        Arbitrary<String> type = Arbitraries.of("done", "skip", "pain", "join", "leave", "dance");
        Arbitrary<String> zone = Arbitraries.of("main-floor", "main-floor", "atlantis");
        Arbitrary<String> session = Arbitraries.of("current", "current", "old-session", "");
        Arbitrary<String> step = Arbitraries.oneOf(Arbitraries.integers().between(-2, 8).map(String::valueOf),
                Arbitraries.of("\"1\"", "1.5", "null", "[]"));
        return Combinators.combine(device, eventId, type, zone, session, step).as((d, id, t, z, s, st) -> new String[] {
                d, "{\"eventId\":\"" + id + "\",\"type\":\"" + t + "\",\"zone\":\"" + z + "\",\"sessionId\":\""
                        + (s.equals("current") ? sessionId : s) + "\",\"stepIndex\":" + st + "}"});
    }
}
