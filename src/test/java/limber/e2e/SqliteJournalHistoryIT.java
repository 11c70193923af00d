package limber.e2e;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import limber.config.LimberConfig;

class SqliteJournalHistoryIT extends JournalHistoryChecks {
    @TempDir
    Path dir;

    @Override
    LimberConfig.Store store() {
        return new LimberConfig.Store("sqlite", dir.resolve("limber.db").toString(), "", "", "", 120, 400);
    }

    @Override
    String[] storeArgs() {
        return new String[] {"--store.path=" + dir.resolve("limber.db")};
    }
}
