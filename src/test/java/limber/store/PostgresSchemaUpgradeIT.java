package limber.store;

import java.sql.Connection;
import java.sql.DriverManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import limber.config.LimberConfig;
import limber.testing.PostgresDatabase;

class PostgresSchemaUpgradeIT extends SchemaUpgradeContract {
    private PostgresDatabase db;

    @BeforeEach
    void createDatabase() throws Exception {
        db = new PostgresDatabase();
    }

    @AfterEach
    void dropDatabase() throws Exception {
        db.close();
    }

    @Override
    LimberConfig.Store config() {
        return new LimberConfig.Store("postgresql", "", db.url(), "", "", 120, 30);
    }

    @Override
    Connection connect() throws Exception {
        return DriverManager.getConnection(db.url());
    }

    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    String indexNames() {
        return "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'";
    }
}
