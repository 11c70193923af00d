package limber.e2e;

import org.junit.jupiter.api.AfterEach;

import limber.config.LimberConfig;
import limber.testing.PostgresDatabase;

class PostgresJournalHistoryIT extends JournalHistoryChecks {
    private PostgresDatabase db;

    @Override
    LimberConfig.Store store() throws Exception {
        if (db == null) {
            db = new PostgresDatabase();
        }
        return new LimberConfig.Store("postgresql", "", db.url(), "", "", 120, 400);
    }

    @Override
    String[] storeArgs() throws Exception {
        return new String[] {"--store.kind=postgresql", "--store.url=" + store().url()};
    }

    @AfterEach
    void dropDatabase() throws Exception {
        if (db != null) {
            db.close();
            db = null;
        }
    }
}
