package limber;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

import limber.cluster.ZoneOwnership;
import limber.config.LimberConfig;
import limber.metrics.EngineMetrics;
import limber.mqtt.MqttLink;

/** What /health reports: the broker link, cue deadlines, and in a cluster the zone lease. */
final class HealthChecks {
    private HealthChecks() {
    }

    static HealthCheckHandler create(Vertx vertx, LimberConfig cfg, MqttLink mqtt, EngineMetrics metrics,
                                     ZoneOwnership ownership) {
        HealthCheckHandler health = HealthCheckHandler.create(vertx);
        health.register("mqtt", p -> p.complete(mqtt.isConnected() ? Status.OK() : Status.KO()));
        // cue deadlines: DOWN while a cue of the last 20 s or so went out later than the configured bound
        health.register("deadlines", p -> {
            double worst = metrics.recentWorstLatenessMs();
            JsonObject data = new JsonObject().put("maxLatenessMs", worst)
                    .put("boundMs", cfg.limits().maxLatenessMs())
                    .put("windowS", EngineMetrics.LATENESS_WINDOW.toSeconds());
            p.complete(worst <= cfg.limits().maxLatenessMs() ? Status.OK(data) : Status.KO(data));
        });
        if (ownership != null) {
            health.register("cluster", p -> {
                JsonObject data = new JsonObject()
                        .put("zonesOwned", ownership.ownedZones()).put("leaseRenewed", ownership.renewedRecently());
                p.complete(ownership.renewedRecently() ? Status.OK(data) : Status.KO(data));
            });
        }
        return health;
    }
}
