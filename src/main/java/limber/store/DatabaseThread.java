package limber.store;

import java.util.concurrent.Callable;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/**
 * One worker thread for one database connection: its tasks run one at a time, in the order they
 * were submitted, and never wait for another such thread. Vert.x's ordered {@code executeBlocking}
 * would not do: it orders through the calling context's one queue, whatever the executor, so the
 * journal's writes, history reads, zone claims and lease renewals made from the engine's event loop
 * would all wait for each other. A single thread keeps the order on its own.
 *
 * <p>Results reach the caller's context in the same order. The worker hands each one over itself,
 * as a task on that context, rather than completing a future the caller may not have listened to
 * yet: a listener added to a future that is already complete runs at once, ahead of the results of
 * earlier tasks still queued on the loop.
 */
public final class DatabaseThread {
    private final Vertx vertx;
    private final WorkerExecutor thread;

    public DatabaseThread(Vertx vertx, String name) {
        this.vertx = vertx;
        this.thread = vertx.createSharedWorkerExecutor(name, 1);
    }

    public <T> Future<T> run(Callable<T> work) {
        Context caller = vertx.getOrCreateContext();
        Promise<T> done = Promise.promise();
        thread.executeBlocking(() -> {
            try {
                T result = work.call();
                caller.runOnContext(v -> done.complete(result));
            } catch (Throwable e) { // an Error too: the caller must hear of it
                caller.runOnContext(v -> done.fail(e));
            }
            return null;
        }, false).onFailure(done::tryFail); // not run at all: the thread was closed
        return done.future();
    }

    public Future<Void> close() {
        return thread.close();
    }
}
