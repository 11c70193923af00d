package limber.e2e;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;

import limber.security.Credential;
import limber.security.PasswordHash;
import limber.testing.EngineFixture;
import limber.testing.MosquittoBroker;

/** Mosquitto with the shipped config (queue and in-flight limits, logins, ACLs). */
class MosquittoBurstIngestIT extends BurstIngestChecks {
    private static final String PASSWORD = "burst-password";
    private MosquittoBroker mosquitto;

    @Override
    EngineFixture startEngine() throws Exception {
        String hash = PasswordHash.hash(PASSWORD);
        List<Credential> devices = new ArrayList<>();
        devices.add(new Credential("engine-1", "engine", null, hash));
        for (int w = 0; w < 20; w++) {
            devices.add(new Credential("watch-" + w, "watch", EngineEndToEndChecks.ZONE, hash));
        }
        mosquitto = MosquittoBroker.shipped(devices);
        return EngineFixture.external(mosquitto.url(), "--broker.username=engine-1", "--broker.password=" + PASSWORD,
                PIPELINE_LIMITS[0], PIPELINE_LIMITS[1]);
    }

    @Override
    String[] login(int w) {
        return new String[] {"watch-" + w, PASSWORD};
    }

    @AfterEach
    @Override
    void down() throws Exception {
        super.down();
        mosquitto.close();
    }
}
