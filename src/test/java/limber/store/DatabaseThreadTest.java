package limber.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Database threads used from one event loop: each keeps its own order, none waits for another. */
@Timeout(30)
class DatabaseThreadTest {
    private final Vertx vertx = Vertx.vertx();
    private final Context loop = vertx.getOrCreateContext();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aLeaseRenewalDoesNotWaitForAJournalWriteStillRunning() throws Exception {
        DatabaseThread journal = new DatabaseThread(vertx, "test-journal");
        DatabaseThread renewals = new DatabaseThread(vertx, "test-renew");
        CountDownLatch writeMayFinish = new CountDownLatch(1);
        CompletableFuture<String> renewed = new CompletableFuture<>();
        loop.runOnContext(v -> {
            journal.run(() -> writeMayFinish.await(20, TimeUnit.SECONDS));
            renewals.run(() -> "renewed").onSuccess(renewed::complete);
        });
        try {
            // Vert.x's ordered executeBlocking would hold the renewal until the write is released
            assertEquals("renewed", renewed.get(10, TimeUnit.SECONDS));
        } finally {
            writeMayFinish.countDown();
        }
    }

    @Test
    void oneThreadsTasksRunOneAtATimeAndCompleteOnTheLoopInTheOrderSubmitted() throws Exception {
        DatabaseThread journal = new DatabaseThread(vertx, "test-order");
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Integer> ran = new ArrayList<>();
        List<Integer> completed = new ArrayList<>();
        CompletableFuture<Void> all = new CompletableFuture<>();
        loop.runOnContext(v -> Future.all(IntStream.range(0, 200).mapToObj(i -> journal.run(() -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            synchronized (ran) {
                ran.add(i);
            }
            running.decrementAndGet();
            return i;
        }).onSuccess(completed::add)).toList()).onComplete(ar -> all.complete(null)));
        all.get(20, TimeUnit.SECONDS);
        List<Integer> expected = IntStream.range(0, 200).boxed().toList();
        assertEquals(1, mostAtOnce.get(), "one task at a time");
        synchronized (ran) {
            assertEquals(expected, ran, "run in the order submitted");
        }
        assertEquals(expected, completed, "completed on the event loop in the same order");
    }
}
