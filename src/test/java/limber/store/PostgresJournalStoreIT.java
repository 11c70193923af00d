package limber.store;

import org.junit.jupiter.api.AfterEach;

import limber.config.LimberConfig;
import limber.testing.PostgresDatabase;

class PostgresJournalStoreIT extends JournalStoreContract {
    private PostgresDatabase db;

    @Override
    LimberConfig.Store config() throws Exception {
        if (db == null) {
            db = new PostgresDatabase();
        }
        return new LimberConfig.Store("postgresql", "", db.url(), "", "", 120, 30);
    }

    @AfterEach
    @Override
    void close() throws Exception {
        super.close();
        db.close();
    }
}
