package limber.session;

/** The engine's notion of "now" in epoch milliseconds; injected so tests can drive time. */
@FunctionalInterface
public interface EngineClock {
    long nowMillis();

    static EngineClock system() {
        return System::currentTimeMillis;
    }
}
