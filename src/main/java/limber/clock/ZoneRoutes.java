package limber.clock;

import java.util.Optional;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import limber.protocol.DeviceEvent;
import limber.protocol.Rejection;

/**
 * How device events and trainer calls reach the owner of their zone: directly on a single engine,
 * over the clustered event bus when another instance owns it.
 */
public interface ZoneRoutes {
    /** Whether the zone is configured at all (owned here, elsewhere, or being handed over). */
    boolean exists(String zone);

    /** The event stored and applied by the owner: empty, or why it was refused. Fails if it was not stored. */
    Future<Optional<Rejection>> event(DeviceEvent e, long receivedAt);

    /** A trainer call ({@code op} plus arguments) run by the owner; the reply holds {@code status} and {@code body}. */
    Future<JsonObject> call(String zone, JsonObject call);
}
