// NTP-style clock sync with the engine over MQTT. The page sends {t0} on limber/v1/time/{id}/ping
// and the engine answers {t0, t1, t2} on .../pong (t1: ping arrived, t2: pong left, engine ms).
// With t3 = arrival of the pong: offset = ((t1 - t0) + (t2 - t3)) / 2, rtt = (t3 - t0) - (t2 - t1).
// The sample with the smallest rtt has the smallest possible error (at most rtt / 2), so we keep a
// window of recent samples and use the minimum-rtt one (allowing for drift since it was taken). A burst on every (re)connect, a smaller
// burst every RESYNC_MS, and samples age out so slow drift of the local clock is followed.
//
// The local time base is performance.now(): monotonic, sub-millisecond, immune to wall-clock jumps.
//
// The same pings tell whether the engine is still in reach. A socket can look open while the network
// drops everything (a switch or access point that stops forwarding): MQTT's own keepalive notices only
// after 10 to 15 s. So while the link is up a ping goes out every HEARTBEAT_MS, and once no pong has come
// back for LOST_AFTER_MS the engine counts as lost (clock.lost) until the next pong arrives. The same
// holds when the socket did close: pongs stop, and 1.5 s later the page says so.

import { topics } from './link.js';

const BURST = 8;
const BURST_GAP_MS = 40;
const RESYNC_MS = 15000;
const RESYNC_BURST = 4;
const SAMPLE_MAX_AGE_MS = 120000;
const MAX_SAMPLES = 48;
const DRIFT_PER_MS = 1e-4;
// While the best sample's error bound is above this, keep pinging (a busy page or a delayed-ACK
// stall can inflate a whole burst); at most REFINE_MAX extra pings per connection.
const TARGET_BOUND_MS = 3;
const REFINE_GAP_MS = 200;
const REFINE_MAX = 40;
const HEARTBEAT_MS = 500;
export const LOST_AFTER_MS = 1500;

export class ClockSync {
  constructor(link, deviceId, { local = () => performance.now() } = {}) {
    this.link = link;
    this.deviceId = deviceId;
    this.local = local;
    this.samples = [];
    this.pending = new Map(); // integer t0 sent -> precise local send time
    this.best = null;
    this.listeners = [];
    this.burstTimer = null;
    this.resyncTimer = null;
    this.refineTimer = null;
    this.refined = 0;
    this.heartbeatTimer = null;
    this.sentAt = -Infinity; // local time of the last ping
    this.heardAt = null; // local time of the last pong to one of our pings
  }

  start() {
    this.link.subscribe(topics.pong(this.deviceId), 0, (topic, msg) => this.onPong(msg));
    this.link.onConnect(() => {
      this.refined = 0;
      this.burst(BURST);
    });
    this.resyncTimer = setInterval(() => {
      if (this.link.connected) {
        this.burst(RESYNC_BURST);
      }
    }, RESYNC_MS);
    this.heartbeatTimer = setInterval(() => {
      if (this.link.connected && this.local() - this.sentAt >= HEARTBEAT_MS / 2) {
        this.ping();
      }
    }, HEARTBEAT_MS);
    return this;
  }

  stop() {
    clearInterval(this.resyncTimer);
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.burstTimer);
    clearTimeout(this.refineTimer);
    this.refineTimer = null;
  }

  get synced() {
    return this.best !== null;
  }

  /** Engine-clock epoch ms now (fractional), or NaN before the first pong. */
  now() {
    return this.best === null ? NaN : this.local() + this.best.offset;
  }

  /** Engine instant -> local performance.now() instant. */
  toLocal(engineMs) {
    return engineMs - this.best.offset;
  }

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

  /** Best round trip (the offset error is at most half of it) and sample count, for diagnostics. */
  quality() {
    return this.best === null ? null : { rttMs: this.best.rtt, offsetMs: this.best.offset, samples: this.samples.length };
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
    this.link.publish(topics.ping(this.deviceId), { t0 }, { qos: 0 }).catch(() => {});
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
    // The engine stamps whole milliseconds (floor of the true instant): +0.5 removes the bias.
    const t1 = msg.t1 + 0.5;
    const t2 = msg.t2 + 0.5;
    const rtt = (t3 - t0) - (t2 - t1);
    if (rtt < 0 || rtt > 5000) {
      return;
    }
    this.samples.push({ at: t3, rtt, offset: ((t1 - t0) + (t2 - t3)) / 2 });
    const oldest = t3 - SAMPLE_MAX_AGE_MS;
    this.samples = this.samples.filter((s) => s.at >= oldest).slice(-MAX_SAMPLES);
    // Error bound of a sample: half its round trip plus what the local clock may have drifted
    // since (DRIFT_PER_MS, a generous 100 ppm). The smallest bound wins.
    const bound = (s) => s.rtt / 2 + (t3 - s.at) * DRIFT_PER_MS;
    let best = this.samples[0];
    for (const s of this.samples) {
      if (bound(s) < bound(best)) {
        best = s;
      }
    }
    const first = this.best === null;
    this.best = best;
    if (bound(best) > TARGET_BOUND_MS && this.refined < REFINE_MAX && this.refineTimer === null) {
      this.refined++;
      this.refineTimer = setTimeout(() => {
        this.refineTimer = null;
        if (this.link.connected) {
          this.ping();
        }
      }, REFINE_GAP_MS);
    }
    for (const l of this.listeners) {
      l(first);
    }
  }
}
