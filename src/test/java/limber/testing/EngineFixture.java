package limber.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import limber.Engine;
import limber.config.ConfigLoader;
import limber.config.Settings;
import limber.session.EngineClock;

/**
 * A real engine on free ports with the shipped config, optionally pointed at an external broker.
 * Extra {@code --section.field=value} overrides go through the same path as the command line. Logins
 * are on, as shipped: a test's devices and spies connect with logins from {@link #device},
 * {@link #connect} and {@link #observer}.
 */
public final class EngineFixture implements AutoCloseable, TestEngine {
    public final int httpPort = FreePorts.next();
    public final int mqttPort;
    public final int websocketPort;
    public final Engine engine;
    public final String brokerUrl;
    public final Path dataDir;
    private final DeviceLogins logins = new DeviceLogins(api());

    private EngineFixture(String externalUrl, EngineClock clock, List<String> extra) {
        List<String> args = new ArrayList<>();
        args.add("--http.port=" + httpPort);
        try {
            dataDir = Files.createTempDirectory("limber-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        args.add("--store.path=" + dataDir.resolve("limber.db"));
        args.add("--http.adminPasswordFile=" + writeTrainerPassword(dataDir));
        if (externalUrl == null) {
            mqttPort = FreePorts.next();
            websocketPort = FreePorts.next();
            args.add("--broker.port=" + mqttPort);
            args.add("--broker.websocketPort=" + websocketPort);
            brokerUrl = "tcp://127.0.0.1:" + mqttPort;
        } else {
            mqttPort = -1;
            websocketPort = -1;
            args.add("--broker.mode=external");
            args.add("--broker.url=" + externalUrl);
            brokerUrl = externalUrl;
        }
        args.addAll(extra); // later arguments win, so tests can replace a port chosen above
        Settings settings = ConfigLoader.load(args.toArray(String[]::new), Map.of());
        try {
            // longer than the engine's own bound on a silent broker (3 attempts of 8 s), so a failure
            // arrives as the engine's message rather than as this wait running out
            engine = Engine.start(settings, clock).toCompletionStage().toCompletableFuture().get(45, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            ThreadDump.toStderr("engine did not start within 45 s");
            throw new IllegalStateException("engine did not start within 45 s (thread dump on stderr)", e);
        } catch (Exception e) {
            throw new IllegalStateException("engine did not start: " + e.getMessage(), e);
        }
    }

    /** Password of the "admin" trainer login every test engine has. */
    public static final String TRAINER_PASSWORD = "test-trainer-password";

    static Path writeTrainerPassword(Path dir) {
        try {
            return Files.writeString(dir.resolve("admin-password.txt"), TRAINER_PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static EngineFixture embedded(String... extra) {
        return new EngineFixture(null, EngineClock.system(), List.of(extra));
    }

    public static EngineFixture external(String url, String... extra) {
        return new EngineFixture(url, EngineClock.system(), List.of(extra));
    }

    @Override
    public String api() {
        return "http://127.0.0.1:" + httpPort;
    }

    @Override
    public String brokerUrl() {
        return brokerUrl;
    }

    @Override
    public DeviceLogins logins() {
        return logins;
    }

    @Override
    public void close() throws Exception {
        engine.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
