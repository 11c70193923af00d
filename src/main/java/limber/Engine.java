package limber;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.broker.EmbeddedBroker;
import limber.cluster.ClusterNode;
import limber.cluster.HazelcastSetup;
import limber.config.LimberConfig;
import limber.config.Settings;
import limber.security.PasswordHash;
import limber.session.EngineClock;
import limber.tls.ServerIdentity;
import limber.tls.TlsSetup;

/** A running Limber: optional embedded broker, one Vert.x instance, one engine verticle. */
public final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final String ENGINE_USER = "limber-engine";
    private static final AtomicInteger REGISTRY_SEQ = new AtomicInteger();

    private final Settings settings;
    private final EmbeddedBroker broker;
    private final Vertx vertx;
    private final EngineVerticle verticle;
    private ServerIdentity tls;

    private Engine(Settings settings, EmbeddedBroker broker, Vertx vertx, EngineVerticle verticle) {
        this.settings = settings;
        this.broker = broker;
        this.vertx = vertx;
        this.verticle = verticle;
    }

    /**
     * Starts everything; blocks for the embedded broker (about half a second), then completes the
     * future once MQTT is connected and HTTP listens. Taken ports fail with a {@link ConfigException}.
     */
    public static Future<Engine> start(Settings settings, EngineClock clock) {
        LimberConfig cfg = settings.engine();
        // the engine's own login on its embedded broker: random per start, held only in memory
        String enginePassword = PasswordHash.randomPassword();
        PortGuard.requireFree(cfg.http().host(), cfg.http().port(), "http.port");
        ServerIdentity tls = TlsSetup.prepare(cfg, Instant.now()); // certificates live on wall-clock time
        if (tls != null) {
            PortGuard.requireFree(cfg.http().host(), cfg.tls().redirectPort(), "tls.redirectPort");
        }
        if (cfg.broker().embedded()) {
            PortGuard.requireFree(cfg.broker().host(), cfg.broker().port(), "broker.port");
            PortGuard.requireFree(cfg.broker().host(), cfg.broker().websocketPort(), "broker.websocketPort");
            if (tls != null) {
                PortGuard.requireFree(cfg.broker().host(), cfg.tls().mqttPort(), "tls.mqttPort");
            }
        }
        if (cfg.cluster().enabled()) {
            PortGuard.requireFree(cfg.cluster().host(), cfg.cluster().port(), "cluster.port");
            if (cfg.cluster().eventBusPort() > 0) {
                PortGuard.requireFree(cfg.cluster().host(), cfg.cluster().eventBusPort(), "cluster.eventBusPort");
            }
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CompletableFuture<JournalAndBroker> opening = JournalAndBroker.open(settings, clock, tls, registry,
                new JournalAndBroker.EngineLogin(ENGINE_USER, enginePassword));
        // Vert.x keeps backend registries in a static map by name: a unique name per engine keeps
        // several engines in one JVM (tests, benchmarks) from sharing meters. Server socket metrics
        // stay off: Vert.x 5.0.7 gives a server its metrics only once the port is bound, so a
        // connection accepted in between has none, and its first request then fails in
        // VertxHttpServerMetrics.requestBegin and never gets an answer (1 launch in 30 here, with a
        // kiosk polling /health from the start). Nothing reads those meters.
        VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
                .addDisabledMetricsCategory(MetricsDomain.NET_SERVER)
                .setRegistryName("limber-" + REGISTRY_SEQ.incrementAndGet()));
        VertxBuilder builder = Vertx.builder().withMetrics(new MicrometerMetricsFactory(registry));
        Future<Vertx> vertxStarted;
        HazelcastClusterManager manager = null;
        try {
            if (cfg.cluster().enabled()) {
                manager = HazelcastSetup.clusterManager(cfg.cluster());
                // the event bus between instances listens on the cluster address only
                options.getEventBusOptions().setHost(cfg.cluster().host()).setPort(cfg.cluster().eventBusPort());
                vertxStarted = builder.with(options).withClusterManager(manager).buildClustered();
            } else {
                vertxStarted = Future.succeededFuture(builder.with(options).build());
            }
        } catch (RuntimeException e) {
            opening.thenAccept(JournalAndBroker::close);
            throw e;
        }
        HazelcastClusterManager clusterManager = manager;
        JournalAndBroker opened;
        try {
            opened = JournalAndBroker.await(opening);
        } catch (RuntimeException e) {
            vertxStarted.onSuccess(Vertx::close);
            throw e;
        }
        // Bound to no context: when start fails, Vert.x is closed before this completes, and a future
        // tied to one of its (terminated) event loops would never tell the caller.
        Promise<Engine> started = Promise.promise();
        vertxStarted.onFailure(err -> {
            opened.close();
            started.fail(err);
        }).onSuccess(vertx -> {
            EngineVerticle verticle = new EngineVerticle(settings, clock, registry, opened.store(), opened.recovery(),
                    opened.accounts(), opened.broker(), ENGINE_USER, enginePassword, clusterManager == null ? null
                    : new ClusterNode(clusterManager, opened.renewals(), opened.claims()));
            verticle.useTls(tls);
            vertx.deployVerticle(verticle).onComplete(ar -> {
                if (ar.succeeded()) {
                    Engine engine = new Engine(settings, opened.broker(), vertx, verticle);
                    engine.tls = tls;
                    started.complete(engine);
                    return;
                }
                LOG.error("engine failed to start: {}", ar.cause().getMessage());
                vertx.close().onComplete(closed -> {
                    opened.close(); // a verticle whose start failed gets no stop()
                    started.fail(ar.cause());
                });
            });
        });
        return started.future();
    }

    /** Graceful stop: final retained state, clean MQTT disconnect, then the broker. */
    public Future<Void> stop() {
        return vertx.close().eventually(() -> {
            if (broker != null) {
                broker.stop();
            }
            return Future.succeededFuture();
        });
    }

    public Settings settings() {
        return settings;
    }

    public Vertx vertx() {
        return vertx;
    }

    public int httpPort() {
        return verticle.httpPort();
    }

    /** What the TLS listeners present, or {@code null} with TLS off. */
    public ServerIdentity tls() {
        return tls;
    }

}
