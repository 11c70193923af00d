package limber.e2e;

import java.util.List;

import org.junit.jupiter.api.AfterEach;

import limber.security.Credential;
import limber.testing.EngineFixture;
import limber.testing.MosquittoBroker;

/** The shipped config/mosquitto/mosquitto.conf, moved to free ports and temporary files only. */
class MosquittoAccessControlIT extends AccessControlChecks {
    private MosquittoBroker mosquitto;

    @Override
    EngineFixture startEngine(List<Credential> devices) throws Exception {
        writeConfig(devices);
        mosquitto = MosquittoBroker.shipped(devices);
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
