package limber.store;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import limber.config.LimberConfig;

class SqliteJournalStoreTest extends JournalStoreContract {
    @TempDir
    Path dir;

    @Override
    LimberConfig.Store config() {
        return new LimberConfig.Store("sqlite", dir.resolve("journal.db").toString(), "", "", "", 120, 30);
    }
}
