package limber.mqtt;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.vertx.core.Context;

/**
 * Publishes that wait for Paho's in-flight window or for the connection: bounded (the oldest go first),
 * kept in order, and drained on the context. Everything but {@link #acknowledged} runs on the context.
 */
final class PublishQueue {
    record Pending(String topic, byte[] payload, int qos, boolean retained) {
    }

    enum Sent { YES, WAIT, FAILED }

    /** Why a publish was given up: the queue was full (its oldest goes), or Paho refused it for good. */
    enum Drop { QUEUE_FULL, REFUSED }

    /** One try to hand a publish to Paho: {@link Sent#WAIT} when the window is full or the link is down. */
    interface Sender {
        Sent send(Pending p);
    }

    private final Context context;
    private final Sender sender;
    private final int max;
    private final Consumer<Drop> onDrop;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /**
     * Set while {@link #pending} holds anything, read on Paho's callback thread: an acknowledgement
     * wakes the event loop only when something waits for the window, not once per cue.
     */
    private volatile boolean backlog;
    private long dropped;

    PublishQueue(Context context, Sender sender, int max, Consumer<Drop> onDrop) {
        this.context = context;
        this.sender = sender;
        this.max = max;
        this.onDrop = onDrop;
    }

    void publish(Pending p) {
        if (!pending.isEmpty()) {
            enqueue(p);
            return;
        }
        Sent result = sender.send(p);
        if (result == Sent.WAIT) {
            enqueue(p);
            // the window may have emptied before backlog was set, with no acknowledgement left to wake us
            scheduleDrain();
        } else if (result == Sent.FAILED) {
            drop(Drop.REFUSED);
        }
    }

    /** Sends what waits, in order, until the window is full again or the link is down. */
    void drain() {
        drainScheduled.set(false);
        for (Pending p = pending.peekFirst(); p != null; p = pending.peekFirst()) {
            Sent result = sender.send(p);
            if (result == Sent.WAIT) {
                return;
            }
            pending.pollFirst();
            if (result == Sent.FAILED) {
                drop(Drop.REFUSED);
            }
        }
        backlog = false;
    }

    /** On Paho's thread, for every acknowledged publish. */
    void acknowledged() {
        if (backlog) {
            scheduleDrain();
        }
    }

    /** Publishes that were dropped: the queue was full, or Paho refused them for good. */
    long dropped() {
        return dropped;
    }

    private void drop(Drop why) {
        dropped++;
        onDrop.accept(why);
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    private void enqueue(Pending p) {
        if (pending.size() >= max) {
            pending.pollFirst();
            drop(Drop.QUEUE_FULL);
        }
        pending.addLast(p);
        backlog = true;
    }
}
