package limber.metrics;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The engine's own meters; Vert.x adds its HTTP and event-loop meters to the same registry. */
public final class EngineMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger sessionsActive = new AtomicInteger();
    /** How far back /health's deadlines check looks: one late cue must not outlast a few health probes. */
    public static final Duration LATENESS_WINDOW = Duration.ofSeconds(20);
    private final Timer lateness;
    private final Counter caughtUp;
    private final Counter reconnects;
    private final Counter pings;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    /** By kind alone: counted on every cue, so no key is built per call. */
    private final ConcurrentHashMap<String, Counter> cues = new ConcurrentHashMap<>();

    public EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("limber.sessions.active", sessionsActive);
        lateness = Timer.builder("limber.deadline.lateness")
                .description("How late the engine published a cue after its planned publish instant")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(2))
                // the max keeps a value for expiry x buffer length (Micrometer's default: 2 min x 3)
                .distributionStatisticExpiry(LATENESS_WINDOW.dividedBy(4))
                .distributionStatisticBufferLength(4)
                .register(registry);
        caughtUp = Counter.builder("limber.cues.caught.up")
                .description("Cues published late because their publish instant came while the zone was being"
                        + " restored or taken over; not counted in the deadline lateness")
                .register(registry);
        reconnects = Counter.builder("limber.mqtt.reconnects").description("MQTT connections re-established")
                .register(registry);
        pings = Counter.builder("limber.time.pings").description("Clock-sync pings answered").register(registry);
    }

    /** 1 while the engine's MQTT connection is up; for dashboards and alerting. */
    public void connectionState(BooleanSupplier connected) {
        Gauge.builder("limber.mqtt.connected", () -> connected.getAsBoolean() ? 1 : 0)
                .description("1 while the engine is connected to the MQTT broker").register(registry);
    }

    public void sessionStarted() {
        sessionsActive.incrementAndGet();
    }

    public void sessionEnded() {
        sessionsActive.decrementAndGet();
    }

    public int sessionsActive() {
        return sessionsActive.get();
    }

    public void lateness(long millis) {
        lateness.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    public void caughtUp() {
        caughtUp.increment();
    }

    /** The worst lateness of the last {@link #LATENESS_WINDOW} (at least three quarters of it), in milliseconds. */
    public double recentWorstLatenessMs() {
        return lateness.max(TimeUnit.MILLISECONDS);
    }

    public void cuePublished(String kind) {
        cues.computeIfAbsent(kind, k -> counter("limber.cues.published", "kind", k)).increment();
    }

    public void eventAccepted(String type) {
        counter("limber.device.events.accepted", "type", type).increment();
    }

    /** A device message refused; {@code topic} is events, status or ping. */
    public void rejected(String topic, String reason) {
        counter("limber.device.messages.rejected", "topic", topic, "reason", reason).increment();
    }

    /** A trainer API request refused for its content; {@code route} names the API (e.g. sound). */
    public void apiRejected(String route, String reason) {
        counter("limber.api.requests.rejected", "route", route, "reason", reason).increment();
    }

    /** A publish the engine's MQTT link gave up; {@code reason} is queue_full or refused. */
    public void publishDropped(String reason) {
        counter("limber.mqtt.publishes.dropped", "reason", reason).increment();
    }

    public void reconnected() {
        reconnects.increment();
    }

    public void pingAnswered() {
        pings.increment();
    }

    private Counter counter(String name, String... tags) {
        return counters.computeIfAbsent(key(name, tags), k -> Counter.builder(name).tags(tags).register(registry));
    }

    private static String key(String name, String... tags) {
        return name + String.join("|", tags);
    }
}
