package limber.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import limber.security.Credential;

/** A config folder for a test: the shipped YAML files with {@code devices.yaml} replaced. */
public final class DeviceConfig {
    private DeviceConfig() {
    }

    public static Path write(Path dir, List<Credential> devices) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("limber.config.dir", "config")))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        StringBuilder yaml = new StringBuilder("devices:\n");
        for (Credential d : devices) {
            yaml.append("  - id: \"").append(d.name()).append("\"\n    role: \"").append(d.role()).append("\"\n");
            if (d.zone() != null) {
                yaml.append("    zone: \"").append(d.zone()).append("\"\n");
            }
            yaml.append("    hash: \"").append(d.hash()).append("\"\n");
        }
        Files.writeString(dir.resolve("devices.yaml"), yaml.toString());
        return dir;
    }
}
