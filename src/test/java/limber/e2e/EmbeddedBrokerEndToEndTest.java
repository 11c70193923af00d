package limber.e2e;

import limber.testing.EngineFixture;

class EmbeddedBrokerEndToEndTest extends EngineEndToEndTest {
    @Override
    EngineFixture startEngine() {
        return EngineFixture.embedded();
    }
}
