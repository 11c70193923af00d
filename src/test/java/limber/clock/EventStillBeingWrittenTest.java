package limber.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import limber.config.ConfigLoader;
import limber.config.LimberConfig;
import limber.config.Settings;
import limber.metrics.EngineMetrics;
import limber.protocol.DeviceEvent;
import limber.protocol.Rejection;
import limber.routine.PlanCompiler;
import limber.session.CueSchedule;
import limber.session.Session;
import limber.session.SessionCommands;

/**
 * A device (or a routing retry) can send an event again while the first copy is still being
 * written. "duplicate" tells the device the event is safe, so it may only be answered once the
 * first copy is stored; if that write fails, the repeat fails too and the device keeps the event.
 */
class EventStillBeingWrittenTest {
    /** A journal whose event writes complete only when the test says so. */
    private static final class HeldLog implements SessionLog {
        final List<Promise<Boolean>> writes = new ArrayList<>();

        @Override
        public Future<Void> started(Session s, long now) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> changed(Session s, String command, long now) {
            return Future.succeededFuture();
        }

        @Override
        public void ended(Session s, long at, String status) {
        }

        @Override
        public Future<Boolean> event(DeviceEvent e, long receivedAt) {
            Promise<Boolean> p = Promise.promise();
            writes.add(p);
            return p.future();
        }
    }

    /** An arrival once the session's first step has started. */
    private static final long ARRIVAL = 1_800_000_010_000L;
    private final HeldLog log = new HeldLog();
    private final ZoneOwner owner;

    EventStillBeingWrittenTest() {
        Settings settings = ConfigLoader.load(new String[0], Map.of());
        VirtualTime time = new VirtualTime(1_800_000_000_000L);
        ZoneServices svc = new ZoneServices(time, time, new RecordingOutbox(time), new SessionCommands(300, 60_000),
                new CueSchedule(5000), new EngineMetrics(new SimpleMeterRegistry()), settings.safety(), log, 1000, 150,
                100, false);
        owner = new ZoneOwner(new LimberConfig.Zone("main-floor", "Main"), svc);
        owner.handle(new ZoneCall.Start(new PlanCompiler(settings.catalog(), settings.holdPolicy()).compile(
                settings.catalog().routine("beginner").orElseThrow(), settings.holdPolicy().resolve(null, null, false))));
        time.advanceTo(ARRIVAL);
    }

    private DeviceEvent done(String id) {
        return new DeviceEvent("watch-1", id, DeviceEvent.Type.DONE, "main-floor", owner.session().id(), 0, 0);
    }

    @Test
    void aRepeatIsADuplicateOnlyOnceTheFirstCopyIsStored() {
        Future<Optional<Rejection>> first = owner.onEvent(done("e1"), ARRIVAL);
        Future<Optional<Rejection>> repeat = owner.onEvent(done("e1"), ARRIVAL);
        assertEquals(1, log.writes.size(), "written once");
        assertFalse(repeat.isComplete(), "no answer for the repeat while the first copy is being written");
        log.writes.get(0).complete(true);
        assertEquals(Optional.empty(), first.result());
        assertEquals(Optional.of(Rejection.DUPLICATE), repeat.result());
        assertEquals(Optional.of(Rejection.DUPLICATE), owner.onEvent(done("e1"), ARRIVAL).result(), "and later ones too");
    }

    @Test
    void whenTheFirstWriteFailsTheRepeatFailsAndALaterCopyIsStored() {
        Future<Optional<Rejection>> first = owner.onEvent(done("e2"), ARRIVAL);
        Future<Optional<Rejection>> repeat = owner.onEvent(done("e2"), ARRIVAL);
        log.writes.get(0).fail("journal unreachable");
        assertTrue(first.failed());
        assertTrue(repeat.failed(), "never 'duplicate' for an event that is not stored");
        Future<Optional<Rejection>> again = owner.onEvent(done("e2"), ARRIVAL);
        assertEquals(2, log.writes.size(), "the device's next copy is written");
        log.writes.get(1).complete(true);
        assertEquals(Optional.empty(), again.result());
    }
}
