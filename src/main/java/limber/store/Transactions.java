package limber.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The store's one connection and the only place its transactions end: work either commits or, on
 * any failure, is rolled back and the failure rethrown. Used by one thread at a time (the journal's
 * worker), so it needs no locks. A PostgreSQL connection that the server or the network dropped is
 * replaced on the next call; a SQLite file is never reopened.
 */
final class Transactions implements AutoCloseable {
    /** Work on the connection inside the current transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection db) throws SQLException;
    }

    /** Opens a replacement connection. */
    @FunctionalInterface
    interface Reconnect {
        Connection open() throws SQLException;
    }

    private final Reconnect reconnect;
    private Connection db;

    /** {@code reconnect} null: the connection is never replaced. */
    Transactions(Connection db, Reconnect reconnect) {
        this.db = db;
        this.reconnect = reconnect;
    }

    /** Runs {@code work} and commits; on failure rolls back and rethrows. */
    <T> T inTransaction(Work<T> work) throws SQLException {
        return run(work, true);
    }

    /**
     * Runs {@code work} without committing: the transaction stays open until the next commit ends
     * it. On failure it is rolled back and the failure rethrown.
     */
    <T> T withoutCommit(Work<T> work) throws SQLException {
        return run(work, false);
    }

    private <T> T run(Work<T> work, boolean commit) throws SQLException {
        ensureOpen();
        try {
            T result = work.run(db);
            if (commit) {
                db.commit();
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /** After the server or the network dropped the connection, the next call opens a new one. */
    private void ensureOpen() throws SQLException {
        if (reconnect != null && db.isClosed()) {
            db = reconnect.open();
        }
    }

    private void rollbackQuietly() {
        try {
            if (!db.isClosed()) {
                db.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is gone; ensureOpen replaces it on the next call
        }
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
