package limber;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.config.ConfigException;
import limber.config.ConfigLoader;
import limber.config.Settings;
import limber.security.Credential;
import limber.security.PasswordHash;

/**
 * Trainer logins: those in trainers.yaml, or, while it lists nobody, one "admin" whose random
 * password the engine writes once to a file only its own user can read. There is never a default
 * password.
 */
final class AdminLogin {
    private static final Logger LOG = LoggerFactory.getLogger(AdminLogin.class);

    private AdminLogin() {
    }

    static Map<String, String> trainerHashes(Settings settings) {
        Map<String, String> out = new HashMap<>();
        for (Credential c : settings.trainers()) {
            out.put(c.name(), c.hash());
        }
        if (!out.isEmpty()) {
            return out;
        }
        Path file = Path.of(settings.engine().http().adminPasswordFile());
        try {
            String password;
            if (Files.exists(file)) {
                password = Files.readString(file).trim();
            } else {
                password = PasswordHash.randomPassword();
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, password + "\n");
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system; the folder's own permissions apply
                }
                LOG.info("no trainers in trainers.yaml: created login 'admin', password in {}", file.toAbsolutePath());
            }
            if (password.length() < 8) {
                throw new ConfigException(ConfigLoader.ENGINE_FILE, "http.adminPasswordFile", file.toString(),
                        "holds a password shorter than 8 characters");
            }
            out.put("admin", PasswordHash.hash(password));
            return out;
        } catch (IOException e) {
            throw new ConfigException(ConfigLoader.ENGINE_FILE, "http.adminPasswordFile", file.toString(),
                    "cannot be read or created: " + e.getMessage());
        }
    }
}
