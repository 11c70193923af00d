package limber.e2e;

import limber.testing.EngineFixture;

class EmbeddedBurstIngestTest extends BurstIngestTest {
    @Override
    EngineFixture startEngine() {
        return EngineFixture.embedded(PIPELINE_LIMITS);
    }
}
