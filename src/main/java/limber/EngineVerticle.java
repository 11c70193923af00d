package limber;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.api.ApiFailures;
import limber.api.CommandRateLimit;
import limber.api.HistoryApi;
import limber.api.SoundApi;
import limber.api.TrainerApi;
import limber.api.TrainerAuthHandler;
import limber.api.TrainerLogins;
import limber.broker.EmbeddedBroker;
import limber.clock.LocalZoneRoutes;
import limber.clock.VertxScheduler;
import limber.clock.ZoneOwner;
import limber.clock.ZoneRoutes;
import limber.clock.ZoneServices;
import limber.cluster.ClusterNode;
import limber.cluster.ClusterRoutes;
import limber.cluster.ZoneOwnership;
import limber.config.LimberConfig;
import limber.config.Settings;
import limber.devices.DeviceInbox;
import limber.devices.DeviceRateLimit;
import limber.devices.EventHandOff;
import limber.devices.Presence;
import limber.metrics.EngineMetrics;
import limber.mqtt.MqttLink;
import limber.mqtt.MqttSettings;
import limber.protocol.DeviceEventParser;
import limber.protocol.DeviceWire;
import limber.protocol.Topics;
import limber.protocol.Wire;
import limber.session.CueSchedule;
import limber.session.EngineClock;
import limber.session.SessionCommands;
import limber.sound.SoundBook;
import limber.store.JdbcStore;
import limber.store.Journal;
import limber.store.JournalSessionLog;
import limber.store.Recovery;
import limber.tls.ServerIdentity;

/**
 * Wires one engine onto a single event loop: MQTT link, zone owners, device inbox and HTTP. One
 * thread owns all session state, so nothing in the engine needs a lock.
 */
final class EngineVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(EngineVerticle.class);
    private static final long PROGRESS_COALESCE_MS = 100;
    private static final long HEARTBEAT_MS = 2_000;
    /** Device events waiting for the event loop at most (a floor's burst is 20,000; about 10 MB at worst). */
    private static final int EVENT_QUEUE = 50_000;

    private final Settings settings;
    private final EngineClock clock;
    private final PrometheusMeterRegistry registry;
    private final JdbcStore store;
    private final Recovery recovery;
    private final FloorAccounts accounts;
    private final EmbeddedBroker broker;
    private FloorDesk floor;
    private final String embeddedUser;
    private final String embeddedPassword;
    private Journal journal;
    /** Zones run by this instance: all of them on a single engine, the owned ones in a cluster. */
    private final Map<String, ZoneOwner> zones = new LinkedHashMap<>();
    private final ClusterNode cluster;
    private ZoneOwnership ownership;
    private MqttLink mqtt;
    private HttpServer http;
    private EngineMetrics metrics;
    private Future<?> overdueEnded = Future.succeededFuture();
    /** TLS on: HTTPS, a redirecting plain listener and /ca.pem; {@code null}: plain HTTP. */
    private ServerIdentity tls;

    EngineVerticle(Settings settings, EngineClock clock, PrometheusMeterRegistry registry, JdbcStore store,
                   Recovery recovery, FloorAccounts accounts, EmbeddedBroker broker, String embeddedUser,
                   String embeddedPassword, ClusterNode cluster) {
        this.cluster = cluster;
        this.accounts = accounts;
        this.broker = broker;
        this.embeddedUser = embeddedUser;
        this.embeddedPassword = embeddedPassword;
        this.settings = settings;
        this.clock = clock;
        this.registry = registry;
        this.store = store;
        this.recovery = recovery;
    }

    @Override
    public Future<?> start() {
        LimberConfig cfg = settings.engine();
        metrics = new EngineMetrics(registry);
        LimberConfig.Broker b = cfg.broker();
        // in a cluster every instance needs its own client id; its session is clean, so the broker never
        // parks shared-subscription messages for an instance that died
        mqtt = new MqttLink(context, clock, metrics, new MqttSettings(b.clientUrl(),
                cfg.engine().id() + "-engine" + (cluster == null ? "" : "-" + cluster.id().substring(0, 8)),
                b.embedded() ? embeddedUser : b.username(), b.embedded() ? embeddedPassword : b.password(), 2000, 20,
                !b.embedded() && cluster == null));
        metrics.connectionState(mqtt::isConnected);
        // connect first: Paho's connect idles about 0.3 s waiting for its own threads to start, time the
        // wiring below can use; subscriptions made meanwhile are taken along (see MqttLink.add)
        byte[] will = Wire.bytes(DeviceWire.engineStatus(cfg.engine().id(), "offline", 0));
        // one retained engine status for the whole cluster: no instance may mark it offline when it dies
        Future<Void> connecting = mqtt.connect(cluster == null ? Topics.ENGINE_STATUS : null, will);
        try {
            return wire(cfg, connecting);
        } catch (RuntimeException e) {
            mqtt.close(0); // the connect is under way: a start that fails must not leave a client behind
            throw e;
        }
    }

    /** Everything else a start makes, while the MQTT link connects. */
    private Future<?> wire(LimberConfig cfg, Future<Void> connecting) {
        journal = new Journal(vertx, store, cluster == null ? null : zone -> ownership.fence(zone));
        long lead = cfg.session().leadMs();
        SessionCommands commands = new SessionCommands(lead, settings.holdPolicy().maxHoldSeconds() * 1000L);
        ZoneServices svc = new ZoneServices(clock, new VertxScheduler(vertx, clock), mqtt, commands,
                new CueSchedule(settings.holdPolicy().warnBeforeEndSeconds() * 1000L), metrics, settings.safety(),
                new JournalSessionLog(journal), cfg.limits().dedupeEventIds(), ZoneServices.cueAdvanceFor(lead),
                PROGRESS_COALESCE_MS, cfg.session().pauseOnPain(), () -> ownership == null || ownership.confirmed())
                .onEngineGrid();
        ZoneRoutes routes;
        if (cluster == null) {
            cfg.zones().forEach(z -> zones.put(z.id(), new ZoneOwner(z, svc)));
            ZoneRestore.restore(zones.values(), recovery, clock.nowMillis(), cfg.store().resumeGraceSeconds() * 1000L);
            // sessions whose timelines ran out while the engine was down (each zone's latest or older ones)
            overdueEnded = journal.endOverdueSessions(null, clock);
            routes = new LocalZoneRoutes(zones);
        } else {
            ClusterRoutes clusterRoutes = new ClusterRoutes(vertx,
                    cfg.zones().stream().map(LimberConfig.Zone::id).collect(Collectors.toSet()), zones);
            routes = clusterRoutes;
            ownership = new ZoneOwnership(new ZoneOwnership.Wiring(vertx, cluster.id(), cfg.engine().id(),
                    cfg.cluster(), cfg.zones(), cluster.manager()::getNodes, cluster.renewals(), cluster.claims(), journal, svc,
                    cfg.store().resumeGraceSeconds() * 1000L, clusterRoutes, registry), zones);
        }
        Presence presence = new Presence(10_000);
        floor = new FloorDesk(vertx, context, settings, accounts, broker, journal, mqtt, clock, routes::exists, presence);
        SoundBook sound = new SoundBook(journal, mqtt, clock, cfg.zones().stream().map(LimberConfig.Zone::id).toList(),
                accounts.storedSounds());
        DeviceInbox inbox = new DeviceInbox(routes, new DeviceEventParser(cfg.limits().maxEventBytes()),
                presence, mqtt, clock, metrics,
                new DeviceRateLimit(cfg.limits().deviceMessagesPerSecond(), cfg.limits().deviceMessageBurst()),
                new DeviceRateLimit(cfg.limits().devicePingsPerSecond(), cfg.limits().devicePingBurst()));
        if (cluster != null) {
            inbox.ackUnstoredEvents();
        }
        // in a cluster the broker hands each event and ping to one instance of the group
        String shared = cluster == null ? "" : "$share/" + cfg.cluster().name() + "/";
        if (broker != null) {
            // in process from the embedded broker, past the window of 10 a subscriber would get
            broker.tapDeviceEvents(new EventHandOff(context, inbox, clock, metrics, EVENT_QUEUE));
        } else {
            mqtt.subscribeWithManualAck(shared + Topics.DEVICE_EVENTS_FILTER, 1, inbox::onEvent);
        }
        mqtt.subscribe(Topics.DEVICE_STATUS_FILTER, 1, inbox::onStatus);
        mqtt.subscribeTimedInMicros(shared + Topics.TIME_PING_FILTER, 0, inbox::onPing);
        mqtt.onReconnect(() -> {
            publishEngineStatus("online");
            floor.republish();
            sound.publishAll();
            zones.values().forEach(ZoneOwner::republish);
        });

        Router router = Router.router(vertx);
        TrainerAuthHandler auth = mountAuth(router, cfg);
        new TrainerApi(settings, routes).mount(router);
        floor.mount(router, auth);
        new HistoryApi(journal).mount(router);
        new SoundApi(sound, metrics).mount(router);
        router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
        HealthCheckHandler health = HealthChecks.create(vertx, cfg, mqtt, metrics, ownership);
        router.get("/health").handler(health);
        HttpListeners.mountCa(router, tls);
        router.route("/*").handler(StaticHandler.create(FileSystemAccess.RELATIVE, "displays")
                .setCachingEnabled(false));

        Future<Void> connected = connecting
                .onSuccess(v -> {
                    publishEngineStatus("online");
                    floor.republish();
                    sound.publishAll();
                    zones.values().forEach(ZoneOwner::republish);
                });
        // HTTP opens while MQTT may still be connecting: /health says DOWN until the link is up, and
        // commands meanwhile wait in the link's buffer
        Future<HttpServer> listening = HttpListeners.listen(vertx, router, cfg, tls);
        // on failure, Engine.start closes Vert.x and with it the listener
        return Future.all(connected, listening).map(all -> listening.result())
                .compose(server -> ownership == null ? Future.succeededFuture(server)
                        : ownership.start().map(server))
                .onSuccess(server -> {
                    http = server;
                    heartbeat();
                    vertx.setPeriodic(HEARTBEAT_MS, id -> heartbeat());
                    // at start too (once overdue ends are written): an engine restarted more often than
                    // hourly would otherwise never prune
                    overdueEnded.onComplete(ar -> purge(cfg.store().retentionDays()));
                    vertx.setPeriodic(60 * 60_000L, id -> purge(cfg.store().retentionDays()));
                });
    }

    /**
     * Control commands need a trainer login and are rate limited per trainer; history always needs
     * a login; other reads only if http.openReads is false. Pages may read /api/client-config.
     */
    private TrainerAuthHandler mountAuth(Router router, LimberConfig cfg) {
        TrainerAuthHandler auth = new TrainerAuthHandler(new TrainerLogins(vertx, accounts.trainers()));
        floor.mountOpen(router);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(ApiFailures.BODY_LIMIT_BYTES))
                .failureHandler(new ApiFailures());
        router.post("/api/*").handler(auth).handler(new CommandRateLimit(clock, cfg.http().commandsPerSecond(),
                cfg.http().commandBurst()));
        router.get("/api/history/*").handler(auth);
        if (!cfg.http().openReads()) {
            router.get("/api/*").handler(ctx -> {
                if (ctx.request().path().equals("/api/client-config")) {
                    ctx.next();
                } else {
                    auth.handle(ctx);
                }
            });
        }
        return auth;
    }

    private void heartbeat() {
        long now = clock.nowMillis();
        journal.run(() -> {
            store.heartbeat(now);
            return null;
        }).onFailure(e -> LOG.warn("journal heartbeat failed: {}", e.getMessage()));
    }

    private void purge(int retentionDays) {
        long before = clock.nowMillis() - retentionDays * 86_400_000L;
        journal.run(() -> store.purge(before))
                .onSuccess(n -> {
                    if (n > 0) {
                        LOG.info("retention: removed {} history rows older than {} days", n, retentionDays);
                    }
                });
    }

    @Override
    public Future<?> stop() {
        Future<Void> released;
        if (ownership != null) {
            released = ownership.stop(); // the other instances take the zones over at once
        } else {
            zones.values().forEach(ZoneOwner::shutdown);
            zones.values().forEach(ZoneOwner::republish);
            publishEngineStatus("offline");
            released = Future.succeededFuture();
        }
        Future<Void> httpClosed = http == null ? Future.succeededFuture() : http.close();
        return released.eventually(() -> httpClosed).eventually(() -> mqtt.close(2_000))
                .eventually(() -> journal.run(() -> {
                    store.heartbeat(clock.nowMillis());
                    return null;
                }))
                .eventually(() -> journal.close())
                .onComplete(ar -> LOG.info("engine stopped"));
    }

    /** Call before deploying. */
    void useTls(ServerIdentity identity) {
        this.tls = identity;
    }

    int httpPort() {
        return http.actualPort();
    }

    private void publishEngineStatus(String state) {
        mqtt.publish(Topics.ENGINE_STATUS,
                Wire.bytes(DeviceWire.engineStatus(settings.engine().engine().id(), state, clock.nowMillis())), 1, true);
    }
}
