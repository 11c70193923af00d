package limber.broker;

import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The embedded broker's meters. Labels are a few fixed words (kind, reason, via), never a device id,
 * a topic or an address: those appear only in the rate-limited log lines of {@link NoiseLog}.
 */
final class BrokerMeters {
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    /** Made at start, so a scrape tells "none restarted" (0) from "not counted here". */
    private final Counter sessionThreadsRestarted;

    BrokerMeters(MeterRegistry registry) {
        this.registry = registry;
        this.sessionThreadsRestarted = counter("limber.broker.session.threads.restarted",
                "Broker session threads that died on an error and were replaced", "kind", "moquette");
    }

    /** {@code kind}: publish, login, will, frame or protocol; {@code reason} says which refusal of that kind. */
    void refused(String kind, String reason) {
        counter("limber.broker.refusals", "What the embedded broker refused, by kind and reason", "kind", kind,
                "reason", reason).increment();
    }

    /** {@code via}: cache (microseconds) or pbkdf2 (the first login after start or a credential change). */
    void loginAccepted(String via) {
        counter("limber.broker.logins.accepted", "Logins the embedded broker accepted, by how they were checked",
                "via", via).increment();
    }

    /** A warning not written because its source already had one of the same kind this minute. */
    void suppressed(String kind) {
        counter("limber.broker.log.suppressed", "Broker warnings held back by the once-a-minute budget", "kind", kind)
                .increment();
    }

    /** A session thread of Moquette's died and was replaced ({@link SessionLoopKeeper}). */
    void sessionThreadRestarted() {
        sessionThreadsRestarted.increment();
    }

    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(name + String.join(",", tags),
                k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
}
