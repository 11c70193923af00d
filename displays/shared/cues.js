// Cue messages carry meaning ({kind, at, ...}); each device chooses how to express it. A watch
// turns kinds into vibration patterns (milliseconds on, off, on, ...). Patterns differ in rhythm,
// not only length, so they can be told apart without looking at the wrist.

import { epochOf } from './zone.js';

export const PATTERNS = {
  step_start: [80],                        // a tap: new stretch, get into position
  hold_start: [450],                       // one long: hold now
  warn: [90, 110, 90],                     // two quick: five seconds left
  hold_end: [220, 110, 220, 110, 220],     // three even: let go
  switch_side: [450, 150, 120, 150, 450],  // long-short-long: other side
  rest_start: [60, 140, 60],               // two soft taps: breathe
  session_end: [900, 200, 300, 200, 900],  // long finale: all done
};

// Cues that share an instant (a hold ends exactly when the switch begins) are played as one: the
// most useful message wins, because a second vibrate() call would cut the first short.
export const PRIORITY = {
  session_end: 7,
  switch_side: 6,
  hold_end: 5,
  hold_start: 4,
  warn: 3,
  step_start: 2,
  rest_start: 1,
};

const SAME_INSTANT_MS = 40;
const TOO_LATE_MS = 2500;

function keyOf(cue) {
  // No epoch in the key: a new owner of the zone re-sends cues the old one may already have sent,
  // and the watch must buzz once for them, not twice.
  return `${cue.sessionId}|${cue.kind}|${cue.at}|${cue.phaseIndex}`;
}

/**
 * Plays cues at their engine instant (cues arrive a little ahead of time), not on arrival.
 * play(kind, cue) is called once per instant with the winning cue. epoch() is the highest epoch
 * heard from on the zone (ZoneWatcher.epoch); cues of a lower one come from a stale owner.
 */
export class CuePlayer {
  constructor(clock, play, { epoch = () => 0 } = {}) {
    this.clock = clock;
    this.play = play;
    this.epoch = epoch;
    this.seen = new Set();
    this.queue = [];
    this.timer = null;
  }

  offer(cue) {
    if (!cue || typeof cue.kind !== 'string' || typeof cue.at !== 'number' || !(cue.kind in PRIORITY)) {
      return;
    }
    if (epochOf(cue) < this.epoch()) {
      return; // a stale owner's cue: the current owner decides what happens
    }
    const key = keyOf(cue);
    if (this.seen.has(key)) {
      // QoS 1 may deliver twice, or a new owner re-sends it. If the first copy still waits, the
      // newer owner's copy takes its place, so the stale-owner check in fire() does not drop it.
      const i = this.queue.findIndex((c) => keyOf(c) === key);
      if (i >= 0 && epochOf(cue) > epochOf(this.queue[i])) {
        this.queue[i] = cue;
      }
      return;
    }
    this.seen.add(key);
    if (this.seen.size > 500) {
      this.seen.delete(this.seen.values().next().value);
    }
    this.queue.push(cue);
    this.queue.sort((a, b) => a.at - b.at);
    this.arm();
  }

  now() {
    return this.clock.synced ? this.clock.now() : NaN;
  }

  arm() {
    clearTimeout(this.timer);
    if (this.queue.length === 0) {
      return;
    }
    const now = this.now();
    const wait = Number.isFinite(now) ? Math.max(0, Math.ceil(this.queue[0].at - now)) : 0;
    this.timer = setTimeout(() => this.fire(), wait);
  }

  fire() {
    const now = this.now();
    if (this.queue.length === 0) {
      return;
    }
    if (Number.isFinite(now) && this.queue[0].at > now) {
      this.arm(); // woke a little early: never buzz before the instant
      return;
    }
    const first = this.queue[0];
    const group = this.queue.filter((c) => c.at - first.at <= SAME_INSTANT_MS);
    this.queue = this.queue.filter((c) => c.at - first.at > SAME_INSTANT_MS);
    const late = Number.isFinite(now) ? now - first.at : 0;
    // a newer owner may have taken the zone over while these waited: play only its cues
    const fresh = group.filter((c) => epochOf(c) >= this.epoch());
    if (late <= TOO_LATE_MS && fresh.length > 0) {
      let best = fresh[0];
      for (const c of fresh) {
        if (PRIORITY[c.kind] > PRIORITY[best.kind]) {
          best = c;
        }
      }
      this.play(best.kind, best);
    }
    this.arm();
  }
}
