package limber.e2e;

import limber.testing.EngineFixture;

class EmbeddedBurstIngestIT extends BurstIngestChecks {
    @Override
    EngineFixture startEngine() {
        return EngineFixture.embedded(PIPELINE_LIMITS);
    }
}
