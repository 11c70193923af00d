package limber;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.config.ConfigException;
import limber.config.ConfigLoader;
import limber.config.LimberConfig;
import limber.config.Settings;
import limber.session.EngineClock;
import limber.tls.ServerIdentity;
import limber.tls.StartLine;

/** {@code java -jar limber.jar [--config-dir=config] [--section.field=value ...]} */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        long t0 = System.nanoTime();
        boolean training = CdsTraining.requested(args);
        Settings settings;
        Engine engine;
        try {
            settings = ConfigLoader.load(training ? CdsTraining.arguments(args) : args, System.getenv());
            engine = Engine.start(settings, EngineClock.system()).toCompletionStage().toCompletableFuture().get();
        } catch (ConfigException e) {
            fail(e.getMessage(), training);
            return;
        } catch (ExecutionException e) {
            fail(e.getCause() instanceof ConfigException c ? c.getMessage() : String.valueOf(e.getCause().getMessage()),
                    training);
            return;
        }
        LimberConfig cfg = settings.engine();
        ServerIdentity tls = engine.tls();
        String base = (tls == null ? "http://" : "https://") + StartLine.host(cfg.http().host(), tls) + ":"
                + engine.httpPort();
        LOG.info("Limber ready in {} ms: trainer API {}/api/zones, MQTT {}{}",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), base, cfg.broker().clientUrl(),
                StartLine.tlsPart(cfg, tls, base));
        if (training) {
            CdsTraining.exercise(engine.httpPort());
            stopQuietly(engine);
            System.exit(0); // the JVM writes the class archive as it exits
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down");
            stopQuietly(engine);
            stopped.countDown();
        }, "limber-shutdown"));
        stopped.await();
    }

    private static void stopQuietly(Engine engine) {
        try {
            engine.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("unclean shutdown: {}", e.getMessage());
        }
    }

    private static void fail(String message, boolean training) {
        if (training) {
            // no archive: later starts work as before, only slower; a build must not fail for it
            System.err.println("limber: CDS training start failed, no class archive made: " + message);
            System.exit(0);
        }
        System.err.println("limber: cannot start: " + message);
        System.exit(2);
    }
}
