package limber.dynsec;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.config.LimberConfig;
import limber.security.LoginDirectory;
import limber.store.StoredDevice;

/** Starts {@link DynsecSync} for {@code broker.dynamicSecurity: true}; Vert.x stops it with the engine. */
public final class DynsecWiring {
    private static final Logger LOG = LoggerFactory.getLogger(DynsecWiring.class);

    private DynsecWiring() {
    }

    public static DynsecSync deploy(Vertx vertx, LimberConfig cfg, LoginDirectory logins, List<StoredDevice> stored) {
        LimberConfig.Broker b = cfg.broker();
        Set<String> revoked = stored.stream().filter(StoredDevice::revoked).map(StoredDevice::id)
                .collect(Collectors.toSet());
        DynsecSync sync = new DynsecSync(new DynsecSync.Target(b.url(), cfg.engine().id() + "-dynsec-"
                + Long.toHexString(System.nanoTime()), b.username(), b.password()), logins, revoked);
        vertx.deployVerticle(sync).onFailure(e -> LOG.error("dynamic security: not started: {}", e.getMessage()));
        return sync;
    }
}
