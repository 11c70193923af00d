// NTP-style clock sync with the engine over MQTT. The page sends {t0} on limber/v1/time/{id}/ping
// and the engine answers {t0, t1, t2} on .../pong (t1: ping arrived, t2: pong left, engine ms; newer
// engines add t1us/t2us, the same instants in microseconds). With t3 = arrival of the pong, a sample has
// an out leg t1 - t0 (outbound delay + offset) and a back leg t3 - t2 (inbound delay - offset).
//
// ClockFilter (below) keeps the lowest out leg and the lowest back leg of a recent window SEPARATELY:
// on a jittery link (busy Wi-Fi) the two legs of one sample are rarely both short, but each direction
// alone reaches its floor often. With the same floor both ways, (minOut - minBack) / 2 is the offset.
// What the page uses follows that estimate at a bounded rate (slewing, 10 ms per second) instead of
// jumping, and steps only when more than 50 ms off. It must give the same answers as the Java twin
// (src/test/java/limber/testing/ClockFilter.java) on src/test/resources/vectors/clock-vectors.json.
//
// Pings: a burst on every (re)connect (40 pings 10 ms apart, so the first draw, about 0.4 s after
// connecting, rests on the lowest legs of 40 samples; the engine's ping budget allows a burst of 40). On a
// clean link the page draws sooner: the true offset lies within the bound (half the best out leg plus
// the best back leg), so once that is 1 ms or less after 4 samples it is as good as a draw needs. Then
// one every STEADY_MS. At 5 ms apart, 200 screens starting within one second queued their bursts behind
// each other in the engine and drew their first frame up to 24 ms off. The
// page counts as synced only once the filter has converged (the burst is in): it draws nothing
// time-critical before that, and it stays synced across a reconnect (the window starts over; what the
// page shows slews to the new estimate).
//
// The local time base is performance.now(): monotonic, sub-millisecond, immune to wall-clock jumps.
//
// The same pings tell whether the engine is still in reach. A socket can look open while the network
// drops everything (a switch or access point that stops forwarding): MQTT's own keepalive notices only
// after 10 to 15 s. So while the link is up a ping goes out every STEADY_MS, and once no pong has come
// back for LOST_AFTER_MS the engine counts as lost (clock.lost) until the next pong arrives. The same
// holds when the socket did close: pongs stop, and 1.5 s later the page says so.

import { topics } from './link.js';

const BURST = 40;
const BURST_GAP_MS = 10; // not closer: a floor's screens starting together queue behind each other
const STEADY_MS = 125;
export const LOST_AFTER_MS = 1500;

export const FILTER = Object.freeze({
  WINDOW: 240,
  MAX_AGE_MS: 30000,
  CONVERGE_SAMPLES: 40,
  CONVERGE_EARLY_SAMPLES: 30,
  CONVERGE_EARLY_MS: 400, // the burst's own span: up to 10 of its pongs lost or late do not hold the page back
  CONVERGE_FALLBACK_MS: 700,
  // a clean link (wired, loopback): the true offset lies within the bound, so once the bound is this
  // tight the page may draw after a few samples instead of the whole burst
  CONVERGE_BOUND_MS: 1,
  CONVERGE_BOUND_SAMPLES: 4,
  SLEW: 0.01, // 1 %: not visible on a ring or a countdown, and a floor syncing at once agrees within seconds
  STEP_MS: 50,
  MIN_RTT_MS: -1,
  MAX_RTT_MS: 5000,
});

/** Engine instants of a pong in ms: the microsecond fields when present, else the whole ms + 0.5. */
export function engineStamps(msg) {
  if (typeof msg.t1us === 'number' && typeof msg.t2us === 'number') {
    return { t1: msg.t1us / 1000, t2: msg.t2us / 1000 };
  }
  return { t1: msg.t1 + 0.5, t2: msg.t2 + 0.5 };
}

/** The offset filter; pure (no timers, no I/O), so the shared vectors can drive it. */
export class ClockFilter {
  constructor() {
    this.samples = []; // {at, out, back}
    this.converged = false;
    this.estimate = NaN;
    this.bound = NaN;
    this.base = NaN;
    this.from = 0;
    this.target = NaN;
  }

  /** Takes one sample (device times local ms, engine times engine ms); false if it was refused. */
  add(t0, t1, t2, t3) {
    const rtt = (t3 - t0) - (t2 - t1);
    if (!(rtt >= FILTER.MIN_RTT_MS && rtt <= FILTER.MAX_RTT_MS)) {
      return false;
    }
    this.samples.push({ at: t3, out: t1 - t0, back: t3 - t2 });
    while (this.samples.length > FILTER.WINDOW || this.samples[0].at < t3 - FILTER.MAX_AGE_MS) {
      this.samples.shift();
    }
    let minOut = Infinity;
    let minBack = Infinity;
    for (const s of this.samples) {
      minOut = Math.min(minOut, s.out);
      minBack = Math.min(minBack, s.back);
    }
    this.estimate = (minOut - minBack) / 2;
    this.bound = (minOut + minBack) / 2;
    if (!this.converged) {
      const span = t3 - this.samples[0].at;
      if (this.samples.length >= FILTER.CONVERGE_SAMPLES
          || (this.samples.length >= FILTER.CONVERGE_BOUND_SAMPLES && this.bound <= FILTER.CONVERGE_BOUND_MS)
          || (this.samples.length >= FILTER.CONVERGE_EARLY_SAMPLES && span >= FILTER.CONVERGE_EARLY_MS)
          || (this.samples.length >= 3 && span >= FILTER.CONVERGE_FALLBACK_MS)) {
        this.converged = true;
      }
      this.base = this.estimate;
    } else {
      const shown = this.offsetAt(t3);
      this.base = Math.abs(this.estimate - shown) > FILTER.STEP_MS ? this.estimate : shown;
    }
    this.from = t3;
    this.target = this.estimate;
    return true;
  }

  /** A new connection: the samples go (the path or the engine instance may have changed); the rest stays. */
  reset() {
    this.samples = [];
  }

  /** Engine minus local clock, ms, as the page should use it at local instant `local`. */
  offsetAt(local) {
    if (!this.converged) {
      return this.target;
    }
    const max = FILTER.SLEW * Math.max(0, local - this.from);
    const d = this.target - this.base;
    return this.base + (d > max ? max : d < -max ? -max : d);
  }
}

export class ClockSync {
  constructor(link, deviceId, { local = () => performance.now() } = {}) {
    this.link = link;
    this.deviceId = deviceId;
    this.local = local;
    this.filter = new ClockFilter();
    this.pending = new Map(); // integer t0 sent -> precise local send time
    this.listeners = [];
    this.burstTimer = null;
    this.steadyTimer = null;
    this.sentAt = -Infinity; // local time of the last ping
    this.heardAt = null; // local time of the last pong to one of our pings
  }

  start() {
    this.link.subscribe(topics.pong(this.deviceId), 0, (topic, msg) => this.onPong(msg));
    this.link.onConnect(() => {
      this.filter.reset();
      this.pending.clear();
      this.burst(BURST);
    });
    this.steadyTimer = setInterval(() => {
      if (this.link.connected && this.local() - this.sentAt >= STEADY_MS / 2) {
        this.ping();
      }
    }, STEADY_MS);
    return this;
  }

  stop() {
    clearInterval(this.steadyTimer);
    clearTimeout(this.burstTimer);
  }

  /** True once the first burst converged; stays true across reconnects. */
  get synced() {
    return this.filter.converged;
  }

  /** The filter's current window (diagnostics and tests). */
  get samples() {
    return this.filter.samples;
  }

  /** Engine-clock epoch ms now (fractional), or NaN before the first convergence. */
  now() {
    if (!this.synced) {
      return NaN;
    }
    const t = this.local();
    return t + this.filter.offsetAt(t);
  }

  /** Engine instant -> local performance.now() instant. */
  toLocal(engineMs) {
    return engineMs - this.filter.offsetAt(this.local());
  }

  /** fn(first) after every sample once converged; first is true for the converging one. */
  onSync(fn) {
    this.listeners.push(fn);
  }

  /** Milliseconds since the engine last answered a ping (Infinity before the first answer). */
  silentMs() {
    return this.heardAt === null ? Infinity : this.local() - this.heardAt;
  }

  /**
   * True once the engine has not answered for LOST_AFTER_MS: the socket closed, or the network went
   * quiet without closing it. What the page shows is then the last timeline it knows.
   */
  get lost() {
    return this.silentMs() > LOST_AFTER_MS;
  }

  /** Best combined round trip (lowest out leg + lowest back leg), offset estimate and window size. */
  quality() {
    const f = this.filter;
    return Number.isNaN(f.estimate) ? null
      : { rttMs: 2 * f.bound, offsetMs: f.estimate, samples: f.samples.length, converged: f.converged };
  }

  burst(n) {
    clearTimeout(this.burstTimer);
    let sent = 0;
    const tick = () => {
      if (!this.link.connected) {
        return;
      }
      this.ping();
      sent++;
      if (sent < n) {
        this.burstTimer = setTimeout(tick, BURST_GAP_MS);
      }
    };
    tick();
  }

  ping() {
    const precise = this.local();
    this.sentAt = precise;
    let t0 = Math.round(precise);
    while (this.pending.has(t0)) {
      t0++;
    }
    this.pending.set(t0, precise);
    if (this.pending.size > 64) {
      this.pending.delete(this.pending.keys().next().value);
    }
    const ping = { t0 };
    if (this.synced) {
      // what this page believes, for the tablet's device list: engine clock minus the page's wall clock
      const offset = this.now() - Date.now();
      if (Math.abs(offset) < 86400000) {
        ping.offsetMs = Math.round(offset * 100) / 100;
        ping.rttMs = Math.round(2 * this.filter.bound * 100) / 100;
      }
    }
    this.link.publish(topics.ping(this.deviceId), ping, { qos: 0 }).catch(() => {});
  }

  onPong(msg) {
    const t3 = this.local();
    if (!msg || typeof msg.t0 !== 'number' || typeof msg.t1 !== 'number' || typeof msg.t2 !== 'number') {
      return;
    }
    const t0 = this.pending.get(msg.t0);
    if (t0 === undefined) {
      return; // not one of ours, or a duplicate
    }
    this.pending.delete(msg.t0);
    this.heardAt = t3; // in reach, whatever this sample is worth for the offset
    const wasSynced = this.synced;
    const { t1, t2 } = engineStamps(msg);
    if (!this.filter.add(t0, t1, t2, t3) || !this.synced) {
      return;
    }
    for (const l of this.listeners) {
      l(!wasSynced);
    }
  }
}
