package limber.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import limber.config.ConfigLoader;
import limber.config.Settings;

/**
 * Writes Mosquitto's password_file and acl_file from config/devices.yaml, so the external broker
 * enforces exactly the embedded broker's rules with the same hashes ($7$ is Mosquitto's format).
 * {@code java -cp limber.jar limber.security.MosquittoFiles [--config-dir=config] <output folder>}
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
        StringBuilder sb = new StringBuilder("# generated from config/devices.yaml by limber.security.MosquittoFiles\n");
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

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: MosquittoFiles [--config-dir=config] <output folder>");
            System.exit(2);
        }
        Settings settings = ConfigLoader.load(args, Map.of());
        Path out = Path.of(args[args.length - 1]);
        write(settings.devices(), out);
        System.out.println("wrote " + out.resolve("passwords") + " and " + out.resolve("acl") + " for "
                + settings.devices().size() + " logins");
    }
}
