package limber.store;

import java.util.concurrent.Callable;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/**
 * One worker thread for one database connection: its tasks run one at a time, in the order they
 * were submitted, and never wait for another such thread. Vert.x's ordered {@code executeBlocking}
 * would not do: it orders through the calling context's one queue, whatever the executor, so the
 * journal's writes, history reads, zone claims and lease renewals made from the engine's event loop
 * would all wait for each other. A single thread keeps the order on its own.
 */
public final class DatabaseThread {
    private final WorkerExecutor thread;

    public DatabaseThread(Vertx vertx, String name) {
        this.thread = vertx.createSharedWorkerExecutor(name, 1);
    }

    public <T> Future<T> run(Callable<T> work) {
        return thread.executeBlocking(work, false);
    }

    public Future<Void> close() {
        return thread.close();
    }
}
