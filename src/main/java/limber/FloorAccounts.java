package limber;

import java.sql.SQLException;
import java.util.List;

import limber.config.Settings;
import limber.fleet.DeviceBook;
import limber.security.Credential;
import limber.security.LoginDirectory;
import limber.security.SecretHash;
import limber.security.TrainerDirectory;
import limber.session.EngineClock;
import limber.store.JdbcStore;
import limber.store.StoredDevice;
import limber.store.StoredSound;
import limber.store.StoredTrainer;

/**
 * The floor's logins as the engine starts: config files overlaid with what admins changed at runtime
 * (read from the journal database before the broker opens, so a paired device is never refused for
 * a moment after a restart), plus the engine's own broker login; and each zone's sound as last set.
 */
record FloorAccounts(LoginDirectory logins, TrainerDirectory trainers, List<StoredDevice> storedDevices,
                     List<StoredTrainer> storedTrainers, List<StoredSound> storedSounds) {

    static FloorAccounts read(Settings settings, JdbcStore store, EngineClock clock, String engineUser,
                              String enginePassword) throws SQLException {
        List<StoredDevice> devices = store.devices();
        LoginDirectory logins = new LoginDirectory(clock::nowMillis);
        DeviceBook.liveCredentials(settings.devices(), devices).forEach(c -> logins.put(c, 0));
        // random per start and held only in memory, so a fast hash is enough
        logins.put(new Credential(engineUser, "engine", null, SecretHash.hash(enginePassword)), 0);
        return new FloorAccounts(logins, new TrainerDirectory(AdminLogin.configuredTrainers(settings)), devices,
                store.trainers(), store.sounds());
    }
}
