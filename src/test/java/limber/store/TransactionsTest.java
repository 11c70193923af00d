package limber.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one commit/rollback block, on a SQLite file: what is committed is seen by another connection. */
class TransactionsTest {
    @TempDir
    Path dir;

    private Transactions tx;

    @BeforeEach
    void open() throws SQLException {
        Connection db = connect();
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE t (v INTEGER NOT NULL)");
        }
        db.setAutoCommit(false);
        tx = new Transactions(db, null);
    }

    @AfterEach
    void close() throws SQLException {
        tx.close();
    }

    @Test
    void committedWorkIsSeenByAnotherConnectionAndItsResultReturned() throws SQLException {
        assertEquals(Integer.valueOf(1), tx.inTransaction(db -> insert(db, 7)));
        assertEquals(1, countFromOutside());
    }

    @Test
    void aFailedStatementRollsBackWhatCameBeforeAndIsRethrownAsItWas() throws SQLException {
        SQLException thrown = assertThrows(SQLException.class, () -> tx.inTransaction(db -> {
            insert(db, 1);
            try (Statement s = db.createStatement()) {
                s.execute("INSERT INTO missing_table VALUES (1)");
            }
            return null;
        }));
        assertTrue(thrown.getMessage().contains("missing_table"), thrown.getMessage());
        assertEquals(0, countFromOutside());
        assertEquals(Integer.valueOf(1), tx.inTransaction(db -> insert(db, 2)), "the connection is usable afterwards");
        assertEquals(1, countFromOutside());
    }

    @Test
    void aRuntimeFailureRollsBackToo() throws SQLException {
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> tx.inTransaction(db -> {
            insert(db, 1);
            throw boom;
        })));
        assertEquals(0, countFromOutside());
    }

    @Test
    void withoutCommitLeavesTheTransactionOpenUntilTheNextCommit() throws SQLException {
        tx.withoutCommit(db -> insert(db, 1));
        assertEquals(0, countFromOutside(), "not committed yet");
        tx.inTransaction(db -> insert(db, 2));
        assertEquals(2, countFromOutside(), "the next commit takes both");
    }

    @Test
    void aClosedConnectionIsReplacedOnlyWhenAReconnectIsGiven() throws SQLException {
        AtomicInteger reconnects = new AtomicInteger();
        Connection first = connect();
        first.setAutoCommit(false);
        try (Transactions reopening = new Transactions(first, () -> {
            reconnects.incrementAndGet();
            Connection c = connect();
            c.setAutoCommit(false);
            return c;
        })) {
            first.close();
            assertEquals(Integer.valueOf(1), reopening.inTransaction(db -> insert(db, 3)));
            assertEquals(1, reconnects.get());
            assertEquals(1, countFromOutside());
        }
        Connection gone = connect();
        gone.setAutoCommit(false);
        Transactions fixed = new Transactions(gone, null);
        gone.close();
        assertThrows(SQLException.class, () -> fixed.inTransaction(db -> insert(db, 4)));
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
    }

    private static int insert(Connection db, int v) throws SQLException {
        try (Statement s = db.createStatement()) {
            return s.executeUpdate("INSERT INTO t (v) VALUES (" + v + ")");
        }
    }

    private int countFromOutside() throws SQLException {
        try (Connection other = connect(); Statement s = other.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
