package limber.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

import org.junit.jupiter.api.io.TempDir;

import limber.config.LimberConfig;

class SqliteSchemaUpgradeTest extends SchemaUpgradeContract {
    @TempDir
    Path dir;

    @Override
    LimberConfig.Store config() {
        return new LimberConfig.Store("sqlite", dir.resolve("journal.db").toString(), "", "", "", 120, 30);
    }

    @Override
    Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("journal.db"));
    }

    @Override
    Dialect dialect() {
        return Dialect.SQLITE;
    }

    @Override
    String indexNames() {
        return "SELECT name FROM sqlite_master WHERE type = 'index'";
    }
}
