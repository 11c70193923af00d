package limber.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

import limber.security.Credential;
import limber.security.MosquittoFiles;

/**
 * A real Mosquitto 2 process on a free port, started from a config file the test writes. It can be
 * killed (crash) or stopped (service restart) and started again on the same port.
 */
public final class MosquittoBroker implements AutoCloseable {
    public final int port = FreePorts.next();
    private final Path dir;
    private final Path conf;
    private Process process;

    public MosquittoBroker() throws IOException {
        this("");
    }

    /** {@code extraConfig} is appended to a loopback listener on the chosen port. */
    public MosquittoBroker(String extraConfig) throws IOException {
        dir = Files.createTempDirectory("limber-mosquitto");
        conf = dir.resolve("mosquitto.conf");
        String base = "listener " + port + " 127.0.0.1\n"
                + "allow_anonymous true\n"
                + "max_queued_messages 100000\n"
                + "max_inflight_messages 0\n"
                + "log_dest stdout\n";
        Files.writeString(conf, base + (extraConfig.contains("persistence ") ? "" : "persistence false\n") + extraConfig);
        start();
    }

    /**
     * The shipped config/mosquitto/mosquitto.conf with its password and ACL files generated from
     * {@code devices} (as an operator would), moved to a free port and temporary files only.
     */
    public static MosquittoBroker shipped(List<Credential> devices) throws IOException {
        Path files = Files.createTempDirectory("limber-mosquitto-files");
        MosquittoFiles.write(devices, files);
        Files.createDirectories(files.resolve("db"));
        String shipped = Files.readString(Path.of(System.getProperty("limber.config.dir", "config"), "mosquitto",
                "mosquitto.conf"));
        String conf = shipped
                .replace("password_file config/mosquitto/passwords", "password_file " + files.resolve("passwords"))
                .replace("acl_file config/mosquitto/acl", "acl_file " + files.resolve("acl"))
                .replaceFirst("(?m)^listener (\\d+) 127\\.0\\.0\\.1\\s*\\nprotocol websockets",
                        "listener " + FreePorts.next() + " 127.0.0.1\nprotocol websockets")
                .replace("persistence_location data/mosquitto/", "persistence_location " + files.resolve("db") + "/")
                .replaceFirst("(?m)^listener \\d+ 127\\.0\\.0\\.1\\s*$", ""); // the MQTT listener: added on a free port
        // run as root, Mosquitto drops to its own user before reading these
        for (Path f : List.of(files, files.resolve("db"), files.resolve("passwords"), files.resolve("acl"))) {
            f.toFile().setReadable(true, false);
            f.toFile().setExecutable(true, false);
        }
        files.resolve("db").toFile().setWritable(true, false);
        return withConfig(conf);
    }

    /**
     * The shipped config/mosquitto/mosquitto-dynsec.conf (Dynamic Security plugin), its file made as
     * the config tells an operator to, with {@code mosquitto_ctrl dynsec init} and {@code admin} as
     * the plugin's admin; moved to a free port and temporary files only.
     */
    public static MosquittoBroker shippedDynsec(String admin, String password) throws IOException, InterruptedException {
        Path files = Files.createTempDirectory("limber-mosquitto-dynsec");
        Path json = files.resolve("dynamic-security.json");
        Process init = new ProcessBuilder("mosquitto_ctrl", "dynsec", "init", json.toString(), admin, password)
                .redirectErrorStream(true).start();
        String said = new String(init.getInputStream().readAllBytes());
        if (!init.waitFor(30, TimeUnit.SECONDS) || init.exitValue() != 0) {
            throw new IOException("mosquitto_ctrl dynsec init failed: " + said);
        }
        String shipped = Files.readString(Path.of(System.getProperty("limber.config.dir", "config"), "mosquitto",
                "mosquitto-dynsec.conf"));
        String conf = shipped
                .replace("plugin_opt_config_file data/mosquitto/dynamic-security.json", "plugin_opt_config_file " + json)
                .replaceFirst("(?m)^listener (\\d+) 127\\.0\\.0\\.1\\s*\\nprotocol websockets",
                        "listener " + FreePorts.next() + " 127.0.0.1\nprotocol websockets")
                .replace("persistence true", "persistence false")
                .replaceFirst("(?m)^listener \\d+ 127\\.0\\.0\\.1\\s*$", "");
        // run as root, Mosquitto drops to its own user before it reads and rewrites the plugin's file
        files.toFile().setWritable(true, false);
        files.toFile().setExecutable(true, false);
        json.toFile().setReadable(true, false);
        json.toFile().setWritable(true, false);
        return withConfig(conf);
    }

    /** A complete config (e.g. the shipped one, adjusted): only the main listener on a free port is added. */
    public static MosquittoBroker withConfig(String config) throws IOException {
        return new MosquittoBroker(config, true);
    }

    private MosquittoBroker(String fullConfig, boolean complete) throws IOException {
        dir = Files.createTempDirectory("limber-mosquitto");
        conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\n" + fullConfig);
        start();
    }

    /** Persistent sessions and retained messages survive a restart (saved on a graceful stop). */
    public static MosquittoBroker persistent() throws IOException {
        Path db = Files.createTempDirectory("limber-mosquitto-db");
        // run as root, Mosquitto drops to its own user before it writes the file
        db.toFile().setWritable(true, false);
        db.toFile().setExecutable(true, false);
        return new MosquittoBroker("persistence true\npersistence_location " + db + "/\n");
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public void start() throws IOException {
        process = new ProcessBuilder(binary(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .start();
        Awaitility.await("mosquitto listening on " + port).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).until(this::accepting);
    }

    /** SIGTERM: the broker saves its persistence file and exits, like a service restart. */
    public void stop() {
        process.destroy();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
    }

    /** Hard kill, like a crashed broker: no clean disconnects are sent. */
    public void kill() {
        process.destroyForcibly();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
    }

    private boolean accepting() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String binary() {
        for (String p : new String[] {"/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"}) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return "mosquitto";
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
