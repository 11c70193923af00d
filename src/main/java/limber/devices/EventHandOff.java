package limber.devices;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import io.vertx.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.metrics.EngineMetrics;
import limber.session.EngineClock;

/**
 * Device events taken in process from the embedded broker's thread onto the engine's event loop,
 * through a bounded queue. When the queue is full an event is refused: counted
 * ({@code limber_device_messages_rejected_total{topic="events",reason="busy"}}), logged at most once a
 * minute, and not acknowledged, so the device keeps it and sends it again. Nothing is dropped
 * without a trace.
 */
public final class EventHandOff implements BiConsumer<String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(EventHandOff.class);
    private static final Runnable NO_BROKER_ACK = () -> { }; // the broker acknowledged the device already

    private final Context context;
    private final DeviceInbox inbox;
    private final EngineClock clock;
    private final EngineMetrics metrics;
    private final int capacity;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE);

    public EventHandOff(Context context, DeviceInbox inbox, EngineClock clock, EngineMetrics metrics, int capacity) {
        this.context = context;
        this.inbox = inbox;
        this.clock = clock;
        this.metrics = metrics;
        this.capacity = capacity;
    }

    @Override
    public void accept(String topic, byte[] payload) {
        long arrivedAt = clock.nowMillis();
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            context.runOnContext(v -> metrics.rejected("events", "busy"));
            long last = lastWarning.get();
            if (arrivedAt - last >= 60_000 && lastWarning.compareAndSet(last, arrivedAt)) {
                LOG.warn("{} device events are waiting for the engine; refusing more until it catches up (devices resend)",
                        capacity);
            }
            return;
        }
        context.runOnContext(v -> {
            queued.decrementAndGet();
            inbox.onEvent(topic, payload, arrivedAt, NO_BROKER_ACK);
        });
    }

    /** Events handed over and not yet taken by the engine. */
    public int queued() {
        return queued.get();
    }
}
