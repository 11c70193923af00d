package limber.e2e;

import org.junit.jupiter.api.AfterEach;

import limber.testing.EngineFixture;
import limber.testing.MosquittoBroker;

class MosquittoEndToEndIT extends EngineEndToEndChecks {
    private MosquittoBroker mosquitto;

    @Override
    EngineFixture startEngine() throws Exception {
        mosquitto = new MosquittoBroker();
        return EngineFixture.external(mosquitto.url());
    }

    @AfterEach
    @Override
    void down() throws Exception {
        super.down();
        mosquitto.close();
    }
}
