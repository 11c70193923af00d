package limber.testing;

import java.util.ArrayDeque;

/**
 * The Java twin of the offset filter in {@code displays/shared/clock.js} ({@code ClockFilter} there): same
 * constants, same arithmetic in the same order, pinned by {@code src/test/resources/vectors/clock-vectors.json}.
 * The benchmark's simulated displays run it.
 *
 * <p>One NTP sample is t0 (device, ping sent), t1 (engine, ping arrived), t2 (engine, pong left), t3 (device,
 * pong arrived). Its out leg {@code t1 - t0} is the outbound delay plus the offset, its back leg
 * {@code t3 - t2} the inbound delay minus the offset. On a jittery link the two legs are rarely both short in
 * the same sample, so the filter keeps the lowest out leg and the lowest back leg of a recent window
 * separately: with the same floor both ways, {@code (minOut - minBack) / 2} is the offset to within half the
 * difference of the two minima's excess over the floor, which shrinks as the window fills. Delays are never
 * negative, so the offset lies within {@code [-minBack, minOut]}: {@link #bound()} is that interval's half-width.
 *
 * <p>What the device shows ({@link #offsetAt}) follows the estimate at a bounded rate (slewing), and jumps
 * only before the first convergence or when it is more than {@link #STEP_MS} off. Converged: once
 * {@link #CONVERGE_SAMPLES} samples are in the window (a fast burst), or {@link #CONVERGE_BOUND_SAMPLES} with a
 * bound of {@link #CONVERGE_BOUND_MS} or less (a clean link), or {@link #CONVERGE_EARLY_SAMPLES}
 * spanning {@link #CONVERGE_EARLY_MS} (a slow one), or, when pongs go missing, 3 samples spanning
 * {@link #CONVERGE_FALLBACK_MS}. Converged stays true across {@link #reset} (a reconnect).
 */
public final class ClockFilter {
    public static final int WINDOW = 240;
    public static final double MAX_AGE_MS = 30_000;
    public static final int CONVERGE_SAMPLES = 40;
    /**
     * The pages send their first CONVERGE_SAMPLES pings this far apart: about 0.4 s to the first draw.
     * Not closer: when a floor's screens come up together, their bursts queue behind each other in the
     * engine (at 5 ms apart, 200 screens starting within a second drew their first frame up to 24 ms off
     * on loopback), and a connection keeps order, so a short delay waits behind a long one. Not wider:
     * a paired screen must show the session within 2 s of its approval, its connect included.
     */
    public static final double BURST_GAP_MS = 10;
    /**
     * A slow link or a busy page: with CONVERGE_EARLY_SAMPLES in, converge once they span
     * CONVERGE_EARLY_MS, the span of a whole burst: up to 10 of its pongs lost or late (a page busy
     * drawing its first frame) do not hold the page back until the next steady ping.
     */
    public static final int CONVERGE_EARLY_SAMPLES = 30;
    public static final double CONVERGE_EARLY_MS = 400;
    /** Pongs refused or lost in the burst: converge anyway this long after the first sample (with 3 or more). */
    public static final double CONVERGE_FALLBACK_MS = 700;
    /**
     * A clean link (wired, loopback): the true offset lies within {@link #bound()}, so once that is this
     * tight, with CONVERGE_BOUND_SAMPLES in, the device may draw without waiting for the whole burst.
     */
    public static final double CONVERGE_BOUND_MS = 1;
    public static final int CONVERGE_BOUND_SAMPLES = 4;
    /**
     * Slew rate: 10 ms per second of local time. A ring or countdown running 1 % fast or slow for a few
     * seconds is not visible; at 0.2 % a floor whose 200 screens first synced all at once (their bursts
     * queued behind each other, first estimates tens of ms off) took half a minute to agree.
     */
    public static final double SLEW = 0.01;
    public static final double STEP_MS = 50;
    public static final double MIN_RTT_MS = -1; // whole-ms stamps of an older engine can make a loopback rtt slightly negative
    public static final double MAX_RTT_MS = 5_000;

    private record Sample(double at, double out, double back) {
    }

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private boolean converged;
    private double estimate = Double.NaN;
    private double bound = Double.NaN;
    private double base = Double.NaN;
    private double from;
    private double target = Double.NaN;

    /** An engine instant in ms from a pong's whole-ms field and its optional microsecond twin. */
    public static double stamp(long ms, Long micros) {
        return micros != null ? micros / 1000.0 : ms + 0.5;
    }

    /** Takes one sample (device times in local ms, engine times in engine ms); false if it was refused. */
    public boolean add(double t0, double t1, double t2, double t3) {
        double rtt = (t3 - t0) - (t2 - t1);
        if (!(rtt >= MIN_RTT_MS && rtt <= MAX_RTT_MS)) {
            return false;
        }
        samples.addLast(new Sample(t3, t1 - t0, t3 - t2));
        while (samples.size() > WINDOW || samples.peekFirst().at() < t3 - MAX_AGE_MS) {
            samples.removeFirst();
        }
        double minOut = Double.POSITIVE_INFINITY;
        double minBack = Double.POSITIVE_INFINITY;
        for (Sample s : samples) {
            minOut = Math.min(minOut, s.out());
            minBack = Math.min(minBack, s.back());
        }
        estimate = (minOut - minBack) / 2;
        bound = (minOut + minBack) / 2;
        if (!converged) {
            double span = t3 - samples.peekFirst().at();
            if (samples.size() >= CONVERGE_SAMPLES
                    || (samples.size() >= CONVERGE_BOUND_SAMPLES && bound <= CONVERGE_BOUND_MS)
                    || (samples.size() >= CONVERGE_EARLY_SAMPLES && span >= CONVERGE_EARLY_MS)
                    || (samples.size() >= 3 && span >= CONVERGE_FALLBACK_MS)) {
                converged = true;
            }
            base = estimate;
        } else {
            double shown = offsetAt(t3);
            base = Math.abs(estimate - shown) > STEP_MS ? estimate : shown;
        }
        from = t3;
        target = estimate;
        return true;
    }

    /** A new connection: the samples go (the path, or the engine instance, may have changed); the rest stays. */
    public void reset() {
        samples.clear();
    }

    /** Engine minus local clock, ms, as the device should use it at local instant {@code local}. */
    public double offsetAt(double local) {
        if (!converged) {
            return target;
        }
        double max = SLEW * Math.max(0, local - from);
        double d = target - base;
        return base + (d > max ? max : d < -max ? -max : d);
    }

    public boolean converged() {
        return converged;
    }

    /** The filter's current estimate (where the shown offset is heading), NaN before a sample. */
    public double estimate() {
        return estimate;
    }

    /** Half-width of the interval the true offset must lie in, ms. */
    public double bound() {
        return bound;
    }

    public int samples() {
        return samples.size();
    }
}
