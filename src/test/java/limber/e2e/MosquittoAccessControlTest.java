package limber.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;

import limber.security.Credential;
import limber.security.MosquittoFiles;
import limber.testing.EngineFixture;
import limber.testing.FreePorts;
import limber.testing.MosquittoBroker;

/** The shipped config/mosquitto/mosquitto.conf, moved to free ports and temporary files only. */
class MosquittoAccessControlTest extends AccessControlTest {
    private MosquittoBroker mosquitto;

    @Override
    EngineFixture startEngine(List<Credential> devices) throws Exception {
        writeConfig(devices);
        Path files = Files.createTempDirectory("limber-mosquitto-files");
        MosquittoFiles.write(devices, files);
        Files.createDirectories(files.resolve("db"));
        String shipped = Files.readString(Path.of(System.getProperty("limber.config.dir", "config"), "mosquitto",
                "mosquitto.conf"));
        String conf = shipped
                .replace("password_file config/mosquitto/passwords", "password_file " + files.resolve("passwords"))
                .replace("acl_file config/mosquitto/acl", "acl_file " + files.resolve("acl"))
                .replace("listener 8083 127.0.0.1", "listener " + FreePorts.next() + " 127.0.0.1")
                .replace("persistence_location data/mosquitto/", "persistence_location " + files.resolve("db") + "/")
                .replace("listener 1883 127.0.0.1", "");
        for (Path f : List.of(files, files.resolve("db"), files.resolve("passwords"), files.resolve("acl"))) {
            f.toFile().setReadable(true, false);
            f.toFile().setExecutable(true, false);
        }
        files.resolve("db").toFile().setWritable(true, false);
        mosquitto = MosquittoBroker.withConfig(conf);
        return EngineFixture.external(mosquitto.url(), "--config-dir=" + configDir, "--broker.username=engine-1",
                "--broker.password=" + PASSWORD);
    }

    @AfterEach
    @Override
    void down() throws Exception {
        super.down();
        if (mosquitto != null) {
            mosquitto.close();
        }
    }
}
