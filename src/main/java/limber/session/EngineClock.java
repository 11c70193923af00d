package limber.session;

import java.time.Instant;

/** The engine's notion of "now" in epoch milliseconds; injected so tests can drive time. */
@FunctionalInterface
public interface EngineClock {
    long nowMillis();

    /**
     * Epoch microseconds, for clock-sync pongs; a clock with nothing finer than milliseconds (a test's
     * virtual time) gives its milliseconds times 1000.
     */
    default long nowMicros() {
        return nowMillis() * 1000;
    }

    static EngineClock system() {
        return new EngineClock() {
            @Override
            public long nowMillis() {
                return System.currentTimeMillis();
            }

            @Override
            public long nowMicros() {
                Instant now = Instant.now();
                return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
            }
        };
    }
}
