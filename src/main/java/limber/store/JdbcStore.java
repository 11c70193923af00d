package limber.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import limber.config.LimberConfig;

/**
 * Blocking JDBC access to the journal and history. One connection for the journal, used only by the
 * journal's single worker thread, so writes are serialised without locks; history pages are read on
 * a second connection, opened on first use and used only by the history thread, so an export never
 * waits for the journal's writes nor holds them up. SQLite runs in WAL mode (readers and the writer
 * do not block each other) with full fsync on commit: a gym box is more likely to lose power than to
 * crash.
 */
public final class JdbcStore implements AutoCloseable {
    private final Transactions tx;
    private final Transactions.Reconnect openReader;
    private final boolean reopenReader;
    private volatile Transactions readerTx;
    private HistoryQueries reader;
    private final JournalWriter writer;
    private final EngineHeartbeat heartbeat;
    private final RecoveryReads recovery;
    private final HistoryQueries history;
    private final PlannedEnds plannedEnds;
    private final AccountRows accounts;
    private final SoundRows sounds;

    private JdbcStore(Transactions tx, Dialect dialect, Transactions.Reconnect openReader) {
        this.tx = tx;
        this.openReader = openReader;
        this.reopenReader = dialect == Dialect.POSTGRESQL;
        this.writer = new JournalWriter(tx, dialect);
        this.heartbeat = new EngineHeartbeat(tx);
        this.recovery = new RecoveryReads(tx);
        this.history = new HistoryQueries(tx);
        this.plannedEnds = new PlannedEnds(tx);
        this.accounts = new AccountRows(tx);
        this.sounds = new SoundRows(tx);
    }

    public static JdbcStore open(LimberConfig.Store cfg) throws SQLException, IOException {
        Dialect dialect = cfg.postgres() ? Dialect.POSTGRESQL : Dialect.SQLITE;
        Connection c = dialect == Dialect.SQLITE ? SqliteConnections.open(cfg.path()) : PostgresConnections.open(cfg);
        // a PostgreSQL connection the server or the network dropped is replaced on the next call
        Transactions tx = new Transactions(c, dialect == Dialect.POSTGRESQL ? () -> PostgresConnections.open(cfg) : null);
        Schema.migrate(tx, dialect);
        return new JdbcStore(tx, dialect, dialect == Dialect.SQLITE ? () -> SqliteConnections.openReader(cfg.path())
                : () -> PostgresConnections.open(cfg));
    }

    /** What became of one journal entry. */
    public enum Outcome { STORED, DUPLICATE, FENCED }

    /**
     * Writes a batch in one transaction. {@code fences} (null: no cluster) holds, per entry, the
     * ownership its writer believes it has; entries whose zone has since moved on are not written.
     * The lease rows are read FOR SHARE, so an instance taking a zone over waits for this
     * transaction and then reads everything it wrote.
     */
    public Outcome[] write(List<JournalEntry> batch, List<Fence> fences) throws SQLException {
        return writer.write(batch, fences);
    }

    public void heartbeat(long at) throws SQLException {
        heartbeat.heartbeat(at);
    }

    /** When the engine last said it was alive, or -1 on a fresh store. */
    public long lastHeartbeat() throws SQLException {
        return heartbeat.lastHeartbeat();
    }

    /** Each zone's most recent session with its latest anchors and all its device events, in order. */
    public Map<String, StoredSession> latestSessions() throws SQLException {
        return latestSessions(null);
    }

    /** As {@link #latestSessions()}, for one zone only (null: all), e.g. when taking a zone over. */
    public Map<String, StoredSession> latestSessions(String onlyZone) throws SQLException {
        return recovery.latestSessions(onlyZone);
    }

    /** The newest event keys of a zone, to refill the de-duplication window after a restart. */
    public List<String[]> recentEventKeys(String zone, int limit) throws SQLException {
        return recovery.recentEventKeys(zone, limit);
    }

    /**
     * Writes the planned end of every session (of {@code onlyZone}, or of every zone if null) whose
     * timeline ended by {@code now} without its end being written; {@code fence} (null: no cluster) as
     * for {@link #write}. Returns the ends written.
     */
    public List<JournalEntry.SessionEnded> endOverdueSessions(String onlyZone, long now, Fence fence) throws SQLException {
        List<JournalEntry.SessionEnded> due = plannedEnds.due(onlyZone, now);
        Outcome[] outcome = writer.write(List.copyOf(due), fence == null ? null : Collections.nCopies(due.size(), fence));
        List<JournalEntry.SessionEnded> written = new ArrayList<>();
        for (int i = 0; i < due.size(); i++) {
            if (outcome[i] == Outcome.STORED) {
                written.add(due.get(i));
            }
        }
        return written;
    }

    /**
     * The next page of a history read, at most {@code pageSize} rows, on the history connection: call
     * it from one thread only ({@link Journal#read}).
     */
    public HistoryPage history(HistoryQuery q, int pageSize) throws SQLException {
        if (reader == null) {
            readerTx = new Transactions(openReader.open(), reopenReader ? openReader : null);
            reader = new HistoryQueries(readerTx);
        }
        return reader.page(q, pageSize);
    }

    /** Devices paired at runtime and runtime changes to configured ones, revoked ones included. */
    public List<StoredDevice> devices() throws SQLException {
        return accounts.devices();
    }

    /** Inserts or replaces one device row. */
    public void putDevice(StoredDevice d) throws SQLException {
        accounts.putDevice(d);
    }

    /** Trainers added at runtime and runtime changes to configured ones. */
    public List<StoredTrainer> trainers() throws SQLException {
        return accounts.trainers();
    }

    /** Inserts or replaces one trainer row. */
    public void putTrainer(StoredTrainer t) throws SQLException {
        accounts.putTrainer(t);
    }

    /** Every zone's sound setting changed from the tablet (zones never changed have no row). */
    public List<StoredSound> sounds() throws SQLException {
        return sounds.all();
    }

    /** Inserts or replaces one zone's sound setting. */
    public void putSound(StoredSound s) throws SQLException {
        sounds.put(s);
    }

    /** Runs a read-only query and returns rows as column-name maps (tests and checks). */
    public List<Map<String, Object>> query(String sql, Object... params) throws SQLException {
        return history.query(sql, params);
    }

    /** Deletes finished history older than {@code before}; returns rows removed. */
    public int purge(long before) throws SQLException {
        return history.purge(before);
    }

    @Override
    public void close() throws SQLException {
        Transactions r = readerTx;
        if (r != null) {
            r.close();
        }
        tx.close();
    }
}
