package limber.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh, empty database on a real PostgreSQL server for one test, dropped afterwards.
 * {@code .ci/run} makes a server available and exports {@code PG_TEST_ADMIN_URL} (an admin
 * connection URL); without it the local server on 127.0.0.1 (default port) is tried.
 */
public final class PostgresDatabase implements AutoCloseable {
    private static final String ADMIN = System.getenv().getOrDefault("PG_TEST_ADMIN_URL",
            "jdbc:postgresql://127.0.0.1/postgres?user=postgres");
    public final String name = "limber_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    public PostgresDatabase() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
    }

    /** JDBC URL of the new database, user and password carried over from the admin URL. */
    public String url() {
        int q = ADMIN.indexOf('?');
        String base = q < 0 ? ADMIN : ADMIN.substring(0, q);
        String query = q < 0 ? "" : ADMIN.substring(q);
        return base.substring(0, base.lastIndexOf('/') + 1) + name + query;
    }

    private static Connection admin() throws SQLException {
        try {
            return DriverManager.getConnection(ADMIN);
        } catch (SQLException e) {
            throw new SQLException("PostgreSQL is needed for this test and is not reachable at " + ADMIN
                    + " (run bash .ci/run, which starts one, or set PG_TEST_ADMIN_URL): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
