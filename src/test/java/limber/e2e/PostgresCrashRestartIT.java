package limber.e2e;

import org.junit.jupiter.api.AfterEach;

import limber.testing.PostgresDatabase;

class PostgresCrashRestartIT extends CrashRestartChecks {
    private PostgresDatabase db;

    @Override
    String[] storeArgs() throws Exception {
        db = new PostgresDatabase();
        return new String[] {"--store.kind=postgresql", "--store.url=" + db.url()};
    }

    @AfterEach
    void dropDatabase() throws Exception {
        if (db != null) {
            db.close();
        }
    }
}
