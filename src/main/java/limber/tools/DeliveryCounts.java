package limber.tools;

import java.util.concurrent.atomic.AtomicLong;

/** The simulator's report: done events sent, acknowledged by the broker, and re-sent after reconnects. */
final class DeliveryCounts {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    final AtomicLong resent = new AtomicLong();

    /** The status line printed for people watching the terminal. */
    String statusLine() {
        return String.format("done events: %d sent, %d acknowledged, %d re-sent after reconnects", sent.get(), acked.get(),
                resent.get());
    }
}
