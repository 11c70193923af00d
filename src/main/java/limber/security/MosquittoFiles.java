package limber.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes Mosquitto's password_file and acl_file from config/devices.yaml, so the external broker
 * enforces exactly the embedded broker's rules with the same hashes ($7$ is Mosquitto's format).
 * {@code java -cp limber.jar limber.tools.ExportMosquittoFiles [--config-dir=config] <output folder>}
 */
public final class MosquittoFiles {
    private MosquittoFiles() {
    }

    public static String passwords(List<Credential> devices) {
        StringBuilder sb = new StringBuilder();
        devices.forEach(d -> sb.append(d.name()).append(':').append(d.hash()).append('\n'));
        return sb.toString();
    }

    public static String acl(List<Credential> devices) {
        StringBuilder sb = new StringBuilder("# generated from config/devices.yaml by limber.tools.ExportMosquittoFiles\n");
        for (Credential d : devices) {
            AccessRules r = AccessRules.of(d);
            sb.append("\nuser ").append(d.name()).append('\n');
            r.read().forEach(t -> sb.append("topic read ").append(t).append('\n'));
            r.write().forEach(t -> sb.append("topic write ").append(t).append('\n'));
        }
        return sb.toString();
    }

    public static void write(List<Credential> devices, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("passwords"), passwords(devices));
        Files.writeString(dir.resolve("acl"), acl(devices));
    }
}
