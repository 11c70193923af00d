package limber;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.config.ConfigException;
import limber.config.ConfigLoader;
import limber.config.Settings;
import limber.security.Credential;
import limber.security.PasswordHash;
import limber.security.SecretHash;
import limber.security.TrainerDirectory;

/**
 * Trainer logins: those in trainers.yaml, or, while it lists nobody, one "admin" whose random
 * password the engine writes once to a file only its own user can read. There is never a default
 * password.
 */
final class AdminLogin {
    private static final Logger LOG = LoggerFactory.getLogger(AdminLogin.class);

    private AdminLogin() {
    }

    /** The configured trainers ({@code admin: true} gives the admin right), or the first-start admin. */
    static List<TrainerDirectory.Trainer> configuredTrainers(Settings settings) {
        List<TrainerDirectory.Trainer> out = new ArrayList<>();
        for (Credential c : settings.trainers()) {
            out.add(new TrainerDirectory.Trainer(c.name(), c.hash(), "admin".equals(c.role()), false, "config"));
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
            // The password sits in plain text in the file beside us, so a slow hash in memory guards
            // nothing; a fast one keeps 20,000 PBKDF2 rounds in a cold JVM off every start.
            out.add(new TrainerDirectory.Trainer("admin", SecretHash.hash(password), true, false, "config"));
            return out;
        } catch (IOException e) {
            throw new ConfigException(ConfigLoader.ENGINE_FILE, "http.adminPasswordFile", file.toString(),
                    "cannot be read or created: " + e.getMessage());
        }
    }
}
