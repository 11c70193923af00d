package limber.e2e;

import limber.testing.EngineFixture;

class EmbeddedBrokerEndToEndIT extends EngineEndToEndChecks {
    @Override
    EngineFixture startEngine() {
        return EngineFixture.embedded();
    }
}
