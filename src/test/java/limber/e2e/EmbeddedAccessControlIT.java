package limber.e2e;

import java.util.List;

import limber.security.Credential;
import limber.testing.EngineFixture;

class EmbeddedAccessControlIT extends AccessControlChecks {
    @Override
    EngineFixture startEngine(List<Credential> devices) throws Exception {
        writeConfig(devices);
        return EngineFixture.embedded("--config-dir=" + configDir, "--broker.requireLogin=true");
    }
}
