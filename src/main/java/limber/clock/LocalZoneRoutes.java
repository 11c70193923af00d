package limber.clock;

import java.util.Map;
import java.util.Optional;

import io.vertx.core.Future;

import limber.protocol.Rejection;

/** A single engine owns every zone: routes are plain calls on the event loop. */
public final class LocalZoneRoutes implements ZoneRoutes {
    private final Map<String, ZoneOwner> zones;

    public LocalZoneRoutes(Map<String, ZoneOwner> zones) {
        this.zones = zones;
    }

    @Override
    public boolean exists(String zone) {
        return zones.containsKey(zone);
    }

    @Override
    public Future<ZoneResult> call(String zone, ZoneCall call) {
        ZoneOwner owner = zones.get(zone);
        if (owner != null) {
            return owner.handle(call);
        }
        return call instanceof ZoneCall.Event
                ? Future.succeededFuture(new ZoneResult.EventOutcome(Optional.of(Rejection.UNKNOWN_ZONE)))
                : Future.failedFuture("no zone '" + zone + "'");
    }
}
