package limber.clock;

import java.util.Optional;

import io.vertx.core.Future;

import limber.protocol.DeviceEvent;
import limber.protocol.Rejection;

/**
 * How device events and trainer calls reach the owner of their zone: directly on a single engine,
 * over the clustered event bus when another instance owns it.
 */
public interface ZoneRoutes {
    /** Whether the zone is configured at all (owned here, elsewhere, or being handed over). */
    boolean exists(String zone);

    /** Runs the call on the zone's owner. Fails if the owner could not be reached or did not answer. */
    Future<ZoneResult> call(String zone, ZoneCall call);

    /** The event stored and applied by the owner: empty, or why it was refused. Fails if it was not stored. */
    default Future<Optional<Rejection>> event(DeviceEvent e, long receivedAt) {
        return call(e.zone(), new ZoneCall.Event(e, receivedAt)).map(r -> ((ZoneResult.EventOutcome) r).rejection());
    }
}
