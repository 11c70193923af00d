package limber.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;

/**
 * The engine as a separate JVM (the shipped {@code limber.Main}), so a test can SIGKILL it the way a
 * power cut or the OOM killer would, and start it again on the same ports and data.
 */
public final class EngineProcess implements AutoCloseable, TestEngine {
    public final int httpPort = FreePorts.next();
    public final int mqttPort = FreePorts.next();
    public final int websocketPort = FreePorts.next();
    public final Path dataDir;
    private final List<String> extra;
    private final DeviceLogins logins = new DeviceLogins(api());
    private Process process;
    private int starts;

    public EngineProcess(String... extra) throws IOException {
        this.dataDir = Files.createTempDirectory("limber-proc");
        this.extra = List.of(extra);
    }

    @Override
    public String brokerUrl() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    @Override
    public String api() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Logins made for this engine's devices; they live in its data dir, so they survive a restart. */
    @Override
    public DeviceLogins logins() {
        return logins;
    }

    public EngineProcess start() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // benchmarks run under exec:java, whose class path is Maven's: they point this at the jar
                "-cp", System.getProperty("limber.engine.classpath", System.getProperty("java.class.path")),
                "limber.Main",
                "--config-dir=" + System.getProperty("limber.config.dir", "config"),
                "--http.port=" + httpPort,
                "--broker.port=" + mqttPort,
                "--broker.websocketPort=" + websocketPort,
                "--store.path=" + dataDir.resolve("limber.db"),
                "--http.adminPasswordFile=" + EngineFixture.writeTrainerPassword(dataDir)));
        cmd.addAll(extra); // later arguments win
        starts++;
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("engine-" + starts + ".log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await("engine process healthy").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("engine exited: " + Files.readString(log()));
                    }
                    try {
                        return http.send(HttpRequest.newBuilder(URI.create(api() + "/health")).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
        return this;
    }

    /** SIGKILL: no shutdown hook, no final messages, no clean disconnect. */
    public void kill() {
        process.destroyForcibly();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
    }

    /** SIGTERM: the engine's graceful shutdown (in a cluster it frees its zones as it goes). */
    public void stop() {
        process.destroy();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !process.isAlive());
    }

    /** SIGSTOP: the process freezes as in a long GC pause or a suspended VM; its sockets stay open. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: the frozen process carries on where it stopped, unaware that time has passed. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    public Path log() {
        return dataDir.resolve("engine-" + starts + ".log");
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
