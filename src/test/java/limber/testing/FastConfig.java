package limber.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The shipped config with short phases, so a session runs through every cue kind in seconds: holds
 * of 3 s with the warning 1 s before their end, 1 s to prepare, switch and rest. Everything else is
 * the shipped config (logins on, default limits).
 */
public final class FastConfig {
    private static final String FAST_POLICY = """
            holdPolicy:
              defaultHoldSeconds: 3
              minHoldSeconds: 3
              maxHoldSeconds: 60
              lowFlexibilityHoldSeconds: 3
              defaultReps: 2
              minReps: 2
              maxReps: 4
              lowFlexibilityReps: 2
              prepareSeconds: 1
              switchSeconds: 1
              restSeconds: 1
              flowSeconds: 5
              warnBeforeEndSeconds: 1
            """;

    private FastConfig() {
    }

    /** A fresh copy of the shipped config folder with the short hold policy. */
    public static Path dir() throws IOException {
        Path shipped = Path.of(System.getProperty("limber.config.dir", "config"));
        Path dir = Files.createTempDirectory("limber-fast-config");
        try (Stream<Path> files = Files.list(shipped)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Files.writeString(dir.resolve("hold-policy.yaml"), FAST_POLICY);
        return dir;
    }
}
