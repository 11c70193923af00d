package limber.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import limber.config.ConfigLoader;
import limber.config.Settings;
import limber.security.MosquittoFiles;

/**
 * Writes Mosquitto's password_file and acl_file from config/devices.yaml:
 * {@code java -cp limber.jar limber.tools.ExportMosquittoFiles [--config-dir=config] <output folder>}
 */
public final class ExportMosquittoFiles {
    private ExportMosquittoFiles() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: ExportMosquittoFiles [--config-dir=config] <output folder>");
            System.exit(2);
        }
        Settings settings = ConfigLoader.load(args, Map.of());
        Path out = Path.of(args[args.length - 1]);
        MosquittoFiles.write(settings.devices(), out);
        System.out.println("wrote " + out.resolve("passwords") + " and " + out.resolve("acl") + " for "
                + settings.devices().size() + " logins");
    }
}
