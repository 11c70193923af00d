package limber;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The class data sharing (CDS) training run that {@code mvn package} makes: the JVM records every
 * class a real start loads ({@code -XX:ArchiveClassesAtExit=target/limber.jsa}), and later starts map
 * that archive instead of parsing and verifying the classes again. The run starts the engine on free
 * ports with a throwaway journal, asks it for its health, zones and page config as a tablet would,
 * stops it and exits. It never fails the build: without an archive the engine starts as before.
 */
final class CdsTraining {
    static final String FLAG = "--cds-training";

    private CdsTraining() {
    }

    static boolean requested(String[] args) {
        return Arrays.asList(args).contains(FLAG);
    }

    /** The arguments for a training start: the caller's, minus the flag, plus free ports and a temporary journal. */
    static String[] arguments(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("limber-cds");
        List<String> out = new ArrayList<>();
        out.add("--http.port=" + freePort());
        out.add("--broker.port=" + freePort());
        out.add("--broker.websocketPort=" + freePort());
        out.add("--store.path=" + dir.resolve("limber.db"));
        out.add("--http.adminPasswordFile=" + dir.resolve("admin-password.txt"));
        for (String a : args) {
            if (!a.equals(FLAG)) {
                out.add(a);
            }
        }
        return out.toArray(String[]::new);
    }

    /** What a tablet asks first, so the classes that answer it are in the archive too. */
    static void exercise(int httpPort) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String path : List.of("/health", "/api/zones", "/api/client-config", "/api/routines", "/display/")) {
            try {
                client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                System.err.println("limber: CDS training: " + path + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
