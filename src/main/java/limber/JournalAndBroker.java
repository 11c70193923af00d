package limber;

import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.broker.BrokerSecurity;
import limber.broker.EmbeddedBroker;
import limber.cluster.LeaseStore;
import limber.config.ConfigException;
import limber.config.ConfigLoader;
import limber.config.LimberConfig;
import limber.config.Settings;
import limber.session.EngineClock;
import limber.store.JdbcStore;
import limber.store.Recovery;
import limber.tls.ServerIdentity;

/**
 * The blocking half of a start: the journal (with what it says about zones and logins) and then the
 * embedded broker, which must not open before the logins are known (a paired device refused for a
 * moment would go back to showing a pairing code). It runs on its own thread while the caller builds
 * Vert.x, so the two overlap on a two-core box.
 */
record JournalAndBroker(JdbcStore store, Recovery recovery, LeaseStore renewals, LeaseStore claims,
                        FloorAccounts accounts, EmbeddedBroker broker) {
    private static final Logger LOG = LoggerFactory.getLogger(JournalAndBroker.class);

    /** The engine's login on the embedded broker. */
    record EngineLogin(String user, String password) {
    }

    static CompletableFuture<JournalAndBroker> open(Settings settings, EngineClock clock, ServerIdentity tls,
                                                    PrometheusMeterRegistry registry, EngineLogin engine) {
        CompletableFuture<JournalAndBroker> out = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                out.complete(openNow(settings, clock, tls, registry, engine));
            } catch (Throwable e) {
                out.completeExceptionally(e);
            }
        }, "limber-start");
        t.setDaemon(true);
        t.start();
        return out;
    }

    /** Waits for {@link #open}; its {@link ConfigException} is thrown as it was. */
    static JournalAndBroker await(CompletableFuture<JournalAndBroker> opening) {
        try {
            return opening.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static JournalAndBroker openNow(Settings settings, EngineClock clock, ServerIdentity tls,
                                            PrometheusMeterRegistry registry, EngineLogin engine) {
        LimberConfig cfg = settings.engine();
        JdbcStore store = null;
        LeaseStore renewals = null;
        LeaseStore claims = null;
        Recovery recovery;
        FloorAccounts accounts;
        try {
            store = JdbcStore.open(cfg.store());
            // a cluster reads each zone's journal when an instance takes that zone
            recovery = cfg.cluster().enabled() ? null : Recovery.read(store,
                    cfg.zones().stream().map(LimberConfig.Zone::id).toList(), cfg.limits().dedupeEventIds());
            renewals = cfg.cluster().enabled() ? LeaseStore.open(cfg.store()) : null;
            claims = cfg.cluster().enabled() ? LeaseStore.open(cfg.store()) : null;
            accounts = FloorAccounts.read(settings, store, clock, engine.user(), engine.password());
        } catch (RuntimeException e) {
            closeQuietly(store, renewals, claims);
            throw e;
        } catch (SQLException | IOException e) {
            closeQuietly(store, renewals, claims);
            throw new ConfigException(ConfigLoader.ENGINE_FILE, cfg.store().postgres() ? "store.url" : "store.path",
                    cfg.store().postgres() ? cfg.store().url() : cfg.store().path(), "cannot open the journal: " + e.getMessage());
        }
        EmbeddedBroker broker = null;
        if (cfg.broker().embedded()) {
            broker = new EmbeddedBroker();
            if (tls != null) {
                broker.useTls(new EmbeddedBroker.Tls(tls.nettyServerContext(), cfg.tls().mqttPort()));
            }
            BrokerSecurity security = cfg.broker().requireLogin() ? new BrokerSecurity(accounts.logins()) : null;
            try {
                broker.start(new EmbeddedBroker.Settings(cfg.broker().host(), cfg.broker().port(),
                        cfg.broker().websocketPort(), cfg.broker().websocketPath(), 65_536, security, registry,
                        2 * (cfg.limits().deviceMessagesPerSecond() + cfg.limits().devicePingsPerSecond()),
                        2 * (cfg.limits().deviceMessageBurst() + cfg.limits().devicePingBurst())));
            } catch (IOException | RuntimeException e) {
                broker.stop();
                closeQuietly(store, renewals, claims);
                throw new ConfigException(ConfigLoader.ENGINE_FILE, "broker.port", cfg.broker().port(),
                        "embedded broker failed to start: " + e.getMessage());
            }
        }
        return new JournalAndBroker(store, recovery, renewals, claims, accounts, broker);
    }

    /** After a failed start: a verticle whose start failed gets no stop(). */
    void close() {
        if (broker != null) {
            broker.stop();
        }
        closeQuietly(store, renewals, claims);
    }

    private static void closeQuietly(AutoCloseable... stores) {
        for (AutoCloseable c : stores) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                LOG.warn("closing the journal after a failed start: {}", e.getMessage());
            }
        }
    }
}
