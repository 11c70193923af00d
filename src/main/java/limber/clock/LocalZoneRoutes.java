package limber.clock;

import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import limber.protocol.DeviceEvent;
import limber.protocol.Rejection;

/** A single engine owns every zone: routes are plain calls on the event loop. */
public final class LocalZoneRoutes implements ZoneRoutes {
    private final Map<String, ZoneOwner> zones;
    private final BiFunction<ZoneOwner, JsonObject, Future<JsonObject>> calls;

    public LocalZoneRoutes(Map<String, ZoneOwner> zones, BiFunction<ZoneOwner, JsonObject, Future<JsonObject>> calls) {
        this.zones = zones;
        this.calls = calls;
    }

    @Override
    public boolean exists(String zone) {
        return zones.containsKey(zone);
    }

    @Override
    public Future<Optional<Rejection>> event(DeviceEvent e, long receivedAt) {
        ZoneOwner owner = zones.get(e.zone());
        return owner == null ? Future.succeededFuture(Optional.of(Rejection.UNKNOWN_ZONE)) : owner.onEvent(e, receivedAt);
    }

    @Override
    public Future<JsonObject> call(String zone, JsonObject call) {
        return calls.apply(zones.get(zone), call);
    }
}
