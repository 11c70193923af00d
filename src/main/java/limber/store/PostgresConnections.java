package limber.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import limber.config.LimberConfig;

/** Connections to PostgreSQL, for the journal and for the cluster's leases. */
public final class PostgresConnections {
    private PostgresConnections() {
    }

    /**
     * A PostgreSQL connection that cannot hang forever: a dead peer is noticed by keepalives and
     * timeouts, and a client that dies inside a transaction has it ended by the server, so its row
     * locks (the lease rows a journal batch holds) do not block the instance taking its zones over.
     */
    public static Connection open(LimberConfig.Store cfg) throws SQLException {
        Properties p = new Properties();
        if (!cfg.username().isEmpty()) {
            p.setProperty("user", cfg.username());
            p.setProperty("password", cfg.password());
        }
        p.setProperty("connectTimeout", "10");
        p.setProperty("socketTimeout", "30");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("options", "-c idle_in_transaction_session_timeout=10000");
        Connection c = DriverManager.getConnection(cfg.url(), p);
        c.setAutoCommit(false);
        return c;
    }

}
