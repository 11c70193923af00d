package limber.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The once-a-minute-per-source-and-kind warning table, on a virtual clock. */
class NoiseLogTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(5 * SECOND);
    private final List<String> heldBack = new ArrayList<>();
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Logger logger;

    @BeforeEach
    void capture() {
        logger = new LoggerContext().getLogger("noise-test");
        lines.start();
        logger.addAppender(lines);
    }

    private NoiseLog noise(int capacity) {
        return new NoiseLog(logger, capacity, NoiseLog.MINUTE, now::get, heldBack::add);
    }

    @Test
    void oneLinePerSourceAndKindAMinuteThenACountOfWhatWasHeldBack() {
        NoiseLog n = noise(100);
        assertTrue(n.warn("10.0.0.9", "malformed frame", "junk"));
        for (int i = 0; i < 40; i++) {
            assertFalse(n.warn("10.0.0.9", "malformed frame", "junk " + i));
        }
        assertTrue(n.warn("10.0.0.9", "refused login", "user 'x'"), "another kind has its own line");
        assertTrue(n.warn("10.0.0.10", "malformed frame", "junk"), "another source has its own line");
        assertEquals(3, lines.list.size());
        assertEquals(40, heldBack.size());
        assertEquals("malformed frame", heldBack.get(0));

        now.addAndGet(60 * SECOND);
        assertTrue(n.warn("10.0.0.9", "malformed frame", "more junk"));
        String last = lines.list.get(3).getFormattedMessage();
        assertEquals("malformed frame from 10.0.0.9: more junk (40 more from this source since the last such line)", last);
        assertTrue(lines.list.stream().allMatch(e -> e.getThrowableProxy() == null && e.getLevel().toString().equals("WARN")));
    }

    @Test
    void theTableIsBoundedAndForgetsTheLeastRecentSource() {
        NoiseLog n = noise(3);
        for (int i = 0; i < 1000; i++) {
            n.warn("10.0.1." + i, "malformed frame", "junk");
        }
        assertEquals(3, n.size());
        assertEquals(1000, lines.list.size(), "each new source is logged once");
        assertFalse(n.warn("10.0.1.999", "malformed frame", "junk"), "a recent source is still held back");
    }

    @Test
    void clientTextCannotForgeLogLines() {
        assertEquals("watch-1?2026-01-01 WARN fake", NoiseLog.clean("watch-1\n2026-01-01 WARN fake"));
        assertEquals("(none)", NoiseLog.clean(null));
        assertEquals(123, NoiseLog.clean("x".repeat(500)).length());
    }
}
