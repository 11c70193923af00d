package limber.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.session.EngineClock;

/**
 * Write-ahead journal with group commit. Callers (on the engine's event loop) get a future per
 * entry; whatever queued while the previous transaction ran is written together in the next one,
 * so a burst of device events costs a handful of fsyncs, not one each. All JDBC runs on one
 * dedicated worker thread, never on the event loop.
 */
public final class Journal {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final int MAX_BATCH = 2000;

    private record Pending(JournalEntry entry, Fence fence, Promise<Boolean> done) {
    }

    private final JdbcStore store;
    private final Function<String, Fence> fences;
    private final DatabaseThread worker;
    private final DatabaseThread reader;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final List<Promise<Void>> drainWaiters = new ArrayList<>();
    private boolean writing;

    /**
     * {@code fences} (null on a single engine) tells, per zone, the ownership this instance holds;
     * it is read when an entry is queued, so an entry queued before a zone moved away is judged by
     * the ownership it was made under.
     */
    public Journal(Vertx vertx, JdbcStore store, Function<String, Fence> fences) {
        this.store = store;
        this.fences = fences;
        this.worker = new DatabaseThread(vertx, "limber-journal");
        this.reader = new DatabaseThread(vertx, "limber-history");
    }

    /** Completes with true once durable, false if it was already there (a duplicate event). */
    public Future<Boolean> append(JournalEntry entry) {
        Promise<Boolean> p = Promise.promise();
        queue.add(new Pending(entry, fences == null ? null : fences.apply(entry.zone()), p));
        if (!writing) {
            flush();
        }
        return p.future();
    }

    private void flush() {
        writing = true;
        List<Pending> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
        while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
            batch.add(queue.poll());
        }
        List<JournalEntry> entries = batch.stream().map(Pending::entry).toList();
        List<Fence> fenceList = fences == null ? null : batch.stream().map(Pending::fence).toList();
        worker.run(() -> store.write(entries, fenceList)).onComplete(ar -> {
            if (ar.succeeded()) {
                JdbcStore.Outcome[] outcome = ar.result();
                for (int i = 0; i < batch.size(); i++) {
                    Pending b = batch.get(i);
                    switch (outcome[i]) {
                        case STORED -> b.done().complete(true);
                        case DUPLICATE -> b.done().complete(false);
                        case FENCED -> b.done().fail(new FencedException(b.entry().zone(), b.fence()));
                    }
                }
            } else {
                LOG.error("journal write of {} entries failed: {}", batch.size(), ar.cause().getMessage());
                batch.forEach(b -> b.done().fail(ar.cause()));
            }
            writing = false;
            if (!queue.isEmpty()) {
                flush();
            } else {
                List<Promise<Void>> waiting = List.copyOf(drainWaiters);
                drainWaiters.clear();
                waiting.forEach(Promise::complete);
            }
        });
    }

    /** Completes once every entry appended so far has been written (or refused). */
    public Future<Void> drained() {
        if (!writing && queue.isEmpty()) {
            return Future.succeededFuture();
        }
        Promise<Void> p = Promise.promise();
        drainWaiters.add(p);
        return p.future();
    }

    /**
     * Writes the planned end of every session whose timeline ran out while no engine ran its zone
     * ({@code onlyZone}; null on a single engine: every zone), and logs each. Call it once the zone's
     * runner has loaded its session: the instant is read after everything queued so far is written,
     * so each end up to the runner's cue cursor is written here and each later one by the runner's
     * own session_end cue (the same end: whichever comes second changes nothing).
     */
    public Future<List<JournalEntry.SessionEnded>> endOverdueSessions(String onlyZone, EngineClock clock) {
        if (fences != null && onlyZone == null) {
            throw new IllegalArgumentException("a clustered instance ends only the sessions of a zone it owns");
        }
        Fence fence = fences == null ? null : fences.apply(onlyZone);
        return drained().compose(v -> run(() -> store.endOverdueSessions(onlyZone, clock.nowMillis(), fence)))
                .onSuccess(ended -> ended.forEach(e -> LOG.info("zone {}: session {} {} at {} while no engine ran the"
                        + " zone; its end is now recorded", e.zone(), e.sessionId(), e.status(), e.endedAt())))
                .onFailure(e -> LOG.warn("writing the ends of sessions that ran out while the engine was away failed: {}",
                        e.getMessage()));
    }

    /** The store, for work submitted through {@link #run} only. */
    public JdbcStore store() {
        return store;
    }

    /** Runs other store work (queries, heartbeat, retention) on the same thread as the writes. */
    public <T> Future<T> run(Callable<T> work) {
        return worker.run(work);
    }

    /**
     * Runs a history read ({@link JdbcStore#history}) on the history thread, which has its own
     * connection: it neither waits for the journal's writes nor delays them.
     */
    public <T> Future<T> read(Callable<T> work) {
        return reader.run(work);
    }

    public Future<Void> close() {
        return reader.close().eventually(() -> worker.run(() -> {
            store.close();
            return null;
        })).<Void>mapEmpty().eventually(() -> worker.close());
    }
}
