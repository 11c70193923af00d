package limber.broker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * Warnings about what clients do wrong (junk bytes, oversized packets, bad logins, refused
 * publishes), at most one line per source address and kind per period: one WARN line, no stack
 * trace, and the next line says how many were held back. The table of sources is bounded (least
 * recently seen dropped first), so a hostile network cannot grow it.
 */
final class NoiseLog {
    static final long MINUTE = 60_000_000_000L;

    private static final class Seen {
        long loggedAt;
        long heldBack;
    }

    private final Logger log;
    private final long periodNanos;
    private final LongSupplier nanoClock;
    private final Consumer<String> heldBack;
    private final Map<String, Seen> table;

    NoiseLog(Logger log, int maxEntries, long periodNanos, LongSupplier nanoClock, Consumer<String> heldBack) {
        this.log = log;
        this.periodNanos = periodNanos;
        this.nanoClock = nanoClock;
        this.heldBack = heldBack;
        this.table = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** Writes {@code "<kind> from <source>: <detail>"} unless this source had a {@code kind} line this period. */
    boolean warn(String source, String kind, String detail) {
        long now = nanoClock.getAsLong();
        long held;
        synchronized (table) {
            Seen s = table.computeIfAbsent(source + " " + kind, k -> new Seen());
            if (s.loggedAt != 0 && now - s.loggedAt < periodNanos) {
                s.heldBack++;
                held = -1;
            } else {
                held = s.heldBack;
                s.heldBack = 0;
                s.loggedAt = now == 0 ? 1 : now;
            }
        }
        if (held < 0) {
            heldBack.accept(kind);
            return false;
        }
        if (held == 0) {
            log.warn("{} from {}: {}", kind, source, detail);
        } else {
            log.warn("{} from {}: {} ({} more from this source since the last such line)", kind, source, detail, held);
        }
        return true;
    }

    /** Client-chosen text (a user name, a topic, a decoder message) in a log line: one line, printable, short. */
    static String clean(String s) {
        if (s == null) {
            return "(none)";
        }
        String one = s.replaceAll("\\p{Cntrl}", "?");
        return one.length() <= 120 ? one : one.substring(0, 120) + "...";
    }

    int size() {
        synchronized (table) {
            return table.size();
        }
    }
}
