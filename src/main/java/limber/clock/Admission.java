package limber.clock;

import java.util.Optional;

import limber.protocol.DeviceEvent;
import limber.protocol.Rejection;

/**
 * Whether a device event may count, judged by the event's own {@code at} (the device's synced clock)
 * against the session's record: done and skip only for a step that had started at {@code at}; every
 * step event within the session; a pain report only while the session ran. Late arrivals are still
 * taken for {@link #LATE_WINDOW_MS} after the session ended, so completions a watch re-sends after a
 * Wi-Fi gap count (its outbox keeps events for 10 minutes).
 */
final class Admission {
    /** How far a device's clock may run ahead of its message's arrival. */
    static final long CLOCK_TOLERANCE_MS = 2_000;
    /** How long after its end a session still takes events that happened during it. */
    static final long LATE_WINDOW_MS = 15 * 60_000L;

    private Admission() {
    }

    /** The instant an event claims, or its arrival when the device sent none. */
    static long instantOf(DeviceEvent e, long receivedAt) {
        return e.at() > 0 ? e.at() : receivedAt;
    }

    /** Empty if the step event may count in {@code tally}, else why not. */
    static Optional<Rejection> judge(SessionTally tally, DeviceEvent e, long receivedAt) {
        long at = instantOf(e, receivedAt);
        if (at > receivedAt + CLOCK_TOLERANCE_MS) {
            return Optional.of(Rejection.CLOCK_AHEAD);
        }
        if (receivedAt - tally.endedAt() > LATE_WINDOW_MS || at > tally.endedAt() || at < tally.startsAt()) {
            return Optional.of(at < tally.startsAt() && e.type() != DeviceEvent.Type.PAIN
                    ? Rejection.FUTURE_STEP : Rejection.SESSION_OVER);
        }
        if (e.type() != DeviceEvent.Type.PAIN && tally.stepStartedAt(e.stepIndex()) > at) {
            return Optional.of(Rejection.FUTURE_STEP);
        }
        return Optional.empty();
    }
}
