// The latest zone state a page has seen. Retained messages are not marked as such by every broker
// (Moquette delivers them with retain=0), and a retained copy can arrive after a live one, so
// messages are ordered by what they carry: epoch, then revision and serverTime, never by arrival.
//
// Epoch: in a cluster one engine owns a zone at a time, and every new ownership has a higher epoch.
// An old owner that was paused or cut off may still publish for a while; its messages carry its
// older epoch and must not undo what the new owner said.

import { topics } from './link.js';

/** The epoch a session or cue message was sent under; engines from before clustering send none (0). */
export function epochOf(m) {
  return m && Number.isInteger(m.epoch) && m.epoch > 0 ? m.epoch : 0;
}

/** True if session message b should replace a. */
export function newerSession(a, b) {
  if (!b || typeof b.serverTime !== 'number' || typeof b.revision !== 'number') {
    return false;
  }
  if (!a) {
    return true;
  }
  if (epochOf(a) !== epochOf(b)) {
    // Another owner: its revisions and clock readings do not compare with the old owner's, and
    // only the newest owner speaks for the zone.
    return epochOf(b) > epochOf(a);
  }
  if (a.sessionId === b.sessionId) {
    // Same session: revisions count commands; a republish of one revision refreshes serverTime.
    return b.revision > a.revision || (b.revision === a.revision && b.serverTime >= a.serverTime);
  }
  // Another session (or idle after an engine restart, where revisions start again): newest wins.
  return b.serverTime > a.serverTime;
}

/** True if progress message b should replace a. */
export function newerProgress(a, b) {
  if (!b || typeof b.serverTime !== 'number' || !Array.isArray(b.steps)) {
    return false;
  }
  if (!a) {
    return true;
  }
  if (a.sessionId === b.sessionId) {
    return b.seq > a.seq || (b.seq === a.seq && b.serverTime >= a.serverTime);
  }
  return b.serverTime > a.serverTime;
}

function validSession(m) {
  if (!m || typeof m !== 'object') {
    return false;
  }
  if (m.status === 'idle' || m.sessionId === null) {
    return true;
  }
  return Array.isArray(m.phases) && m.phases.length > 0 && Array.isArray(m.anchors) && m.anchors.length > 0
    && Array.isArray(m.steps);
}

export class ZoneWatcher {
  constructor(link, zone) {
    this.link = link;
    this.zone = zone;
    this.session = null;
    this.progress = null;
    this.epoch = 0; // highest epoch seen on this zone's session and cue messages
    this.listeners = [];
    this.unsubscribers = [];
  }

  start({ progress = true } = {}) {
    this.unsubscribers.push(this.link.subscribe(topics.session(this.zone), 1, (t, m) => {
      if (validSession(m) && m.zone === this.zone && this.current(m) && newerSession(this.session, m)) {
        this.session = m;
        this.emit('session');
      }
    }));
    if (progress) {
      this.unsubscribers.push(this.link.subscribe(topics.progress(this.zone), 1, (t, m) => {
        if (m && m.zone === this.zone && newerProgress(this.progress, m)) {
          this.progress = m;
          this.emit('progress');
        }
      }));
    }
    return this;
  }

  /**
   * Notes the epoch of a session or cue message of this zone; false if an owner with a higher epoch
   * has already been heard from (by either kind of message), so m is from a stale owner.
   */
  current(m) {
    const e = epochOf(m);
    if (e < this.epoch) {
      return false;
    }
    this.epoch = e;
    return true;
  }

  stop() {
    this.unsubscribers.forEach((u) => u());
    this.unsubscribers = [];
  }

  onChange(fn) {
    this.listeners.push(fn);
  }

  emit(what) {
    for (const l of this.listeners) {
      l(what);
    }
  }

  /** The running session message, or null when the zone is idle. */
  get live() {
    return this.session && this.session.sessionId && Array.isArray(this.session.phases) ? this.session : null;
  }

  /** Progress of the session on show (counts of another session are not shown). */
  progressFor(sessionId) {
    return this.progress && this.progress.sessionId === sessionId ? this.progress : null;
  }
}
