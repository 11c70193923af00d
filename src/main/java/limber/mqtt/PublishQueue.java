package limber.mqtt;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.Context;

/**
 * Publishes that wait for Paho's in-flight window or for the connection: bounded (the oldest go first),
 * kept in order, and drained on the context. Everything but {@link #acknowledged} runs on the context.
 */
final class PublishQueue {
    record Pending(String topic, byte[] payload, int qos, boolean retained) {
    }

    enum Sent { YES, WAIT, FAILED }

    /** One try to hand a publish to Paho: {@link Sent#WAIT} when the window is full or the link is down. */
    interface Sender {
        Sent send(Pending p);
    }

    private final Context context;
    private final Sender sender;
    private final int max;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /**
     * Set while {@link #pending} holds anything, read on Paho's callback thread: an acknowledgement
     * wakes the event loop only when something waits for the window, not once per cue.
     */
    private volatile boolean backlog;
    private long dropped;

    PublishQueue(Context context, Sender sender, int max) {
        this.context = context;
        this.sender = sender;
        this.max = max;
    }

    void publish(Pending p) {
        if (!pending.isEmpty()) {
            enqueue(p);
        } else if (sender.send(p) == Sent.WAIT) {
            enqueue(p);
            // the window may have emptied before backlog was set, with no acknowledgement left to wake us
            scheduleDrain();
        }
    }

    /** Sends what waits, in order, until the window is full again or the link is down. */
    void drain() {
        drainScheduled.set(false);
        for (Pending p = pending.peekFirst(); p != null; p = pending.peekFirst()) {
            if (sender.send(p) == Sent.WAIT) {
                return;
            }
            pending.pollFirst();
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

    void countFailure() {
        dropped++;
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    private void enqueue(Pending p) {
        if (pending.size() >= max) {
            pending.pollFirst();
            dropped++;
        }
        pending.addLast(p);
        backlog = true;
    }
}
