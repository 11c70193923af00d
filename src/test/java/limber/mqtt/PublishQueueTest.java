package limber.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The link's queue on a real event loop, with Paho's in-flight window played by a sender that says
 * when it is full: order kept, the oldest dropped when full, and every drop reported with its reason.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class PublishQueueTest {
    private final List<String> sent = new ArrayList<>();
    private final List<PublishQueue.Drop> drops = new ArrayList<>();
    private boolean windowFull;

    private PublishQueue.Sent send(PublishQueue.Pending p) {
        if (p.topic().startsWith("refused")) {
            return PublishQueue.Sent.FAILED;
        }
        if (windowFull) {
            return PublishQueue.Sent.WAIT;
        }
        sent.add(p.topic());
        return PublishQueue.Sent.YES;
    }

    private static PublishQueue.Pending publish(String topic) {
        return new PublishQueue.Pending(topic, new byte[0], 1, false);
    }

    @Test
    void aFullQueueDropsItsOldestAndSaysSoThenDrainsInOrder(Vertx vertx, VertxTestContext test) {
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            PublishQueue queue = new PublishQueue(context, this::send, 2, drops::add);
            windowFull = true;
            queue.publish(publish("a"));
            queue.publish(publish("b"));
            queue.publish(publish("c"));
            test.verify(() -> {
                assertEquals(List.of(PublishQueue.Drop.QUEUE_FULL), drops);
                assertEquals(1, queue.dropped());
            });
            windowFull = false;
            queue.acknowledged(); // the window opened: the drain runs on the context, after this task
            context.runOnContext(after -> test.verify(() -> {
                assertEquals(List.of("b", "c"), sent);
                test.completeNow();
            }));
        });
    }

    @Test
    void aPublishRefusedForGoodIsDroppedAndDoesNotStopTheDrain(Vertx vertx, VertxTestContext test) {
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            PublishQueue queue = new PublishQueue(context, this::send, 10, drops::add);
            windowFull = true;
            queue.publish(publish("first"));
            queue.publish(publish("refused/by-paho"));
            queue.publish(publish("last"));
            windowFull = false;
            queue.acknowledged();
            context.runOnContext(after -> test.verify(() -> {
                assertEquals(List.of("first", "last"), sent);
                assertEquals(List.of(PublishQueue.Drop.REFUSED), drops);
                test.completeNow();
            }));
        });
    }
}
