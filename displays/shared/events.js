// Device events (join / done / skip / pain / leave) with at-least-once delivery. Each event gets a
// unique eventId once and is kept (also in localStorage, so a reload does not lose it) until the
// engine answers it on limber/v1/devices/{deviceId}/acks. The broker's PUBACK is not enough: in a
// cluster the engine instance that got the event from the broker can die before it stores it.
// Until the answer comes the event is published again with the same eventId: after every
// reconnect, and while connected after 3 s, then 6, 12, 24 and every 30 s. The engine remembers
// eventIds, so a retry is never counted twice.
//
// Wire format (strict on the engine side: no other fields):
// {eventId, type, zone, sessionId?, stepIndex?, at?}

import { randomHex, topics } from './link.js';

const MAX_AGE_MS = 10 * 60 * 1000;
const RETRY_FIRST_MS = 3000;
const RETRY_MAX_MS = 30000;

let counter = 0;

/** [A-Za-z0-9._:-], at most 64 characters, unique across devices and reloads. */
export function newEventId() {
  counter++;
  return `${Date.now().toString(36)}-${randomHex(8)}-${counter.toString(36)}`;
}

export class EventOutbox {
  constructor(link, deviceId, { clock = null } = {}) {
    this.link = link;
    this.deviceId = deviceId;
    this.clock = clock;
    this.key = `limber.outbox.${deviceId}`;
    this.pending = this.load();
    this.retries = new Map(); // eventId -> {waitMs, dueAt}; kept out of localStorage
    this.timer = null;
    this.listeners = [];
    this.sentAttempts = 0;
  }

  start() {
    this.link.subscribe(topics.acks(this.deviceId), 1, (topic, ack) => this.onAck(ack));
    this.link.onConnect(() => this.flush());
    return this;
  }

  /** fn(eventId, ack) after an event was queued (no arguments) or answered by the engine. */
  onChange(fn) {
    this.listeners.push(fn);
  }

  /** Queues and sends an event; returns its eventId. */
  send(type, fields) {
    const event = { eventId: newEventId(), type, ...fields };
    const now = this.clock && this.clock.synced ? this.clock.now() : NaN;
    if (Number.isFinite(now)) {
      event.at = Math.round(now);
    }
    this.pending.push({ event, queuedAt: Date.now() });
    this.save();
    this.changed();
    if (this.link.connected) {
      this.publish(event);
    }
    return event.eventId;
  }

  /** True until the engine has answered the event (accepted, duplicate or rejected). */
  isPending(eventId) {
    return this.pending.some((p) => p.event.eventId === eventId);
  }

  get size() {
    return this.pending.length;
  }

  /** On every connect: everything unanswered goes out again, and the back-off starts over. */
  flush() {
    this.prune();
    this.retries.clear();
    for (const p of this.pending) {
      this.publish(p.event);
    }
  }

  prune() {
    const cutoff = Date.now() - MAX_AGE_MS;
    const before = this.pending.length;
    this.pending = this.pending.filter((p) => p.queuedAt >= cutoff);
    if (this.pending.length !== before) {
      this.save();
    }
  }

  publish(event) {
    this.sentAttempts++;
    const last = this.retries.get(event.eventId);
    const waitMs = last ? Math.min(RETRY_MAX_MS, last.waitMs * 2) : RETRY_FIRST_MS;
    this.retries.set(event.eventId, { waitMs, dueAt: Date.now() + waitMs });
    // The PUBACK only says the broker has it; the event stays until the engine's answer.
    this.link.publish(topics.events(this.deviceId), event, { qos: 1 }).catch(() => {});
    this.arm();
  }

  /** One timer for the earliest retry due; nothing runs while offline (flush covers that). */
  arm() {
    clearTimeout(this.timer);
    let due = Infinity;
    for (const p of this.pending) {
      const r = this.retries.get(p.event.eventId);
      if (r && r.dueAt < due) {
        due = r.dueAt;
      }
    }
    if (due !== Infinity) {
      this.timer = setTimeout(() => this.retry(), Math.max(0, due - Date.now()));
    }
  }

  retry() {
    if (!this.link.connected) {
      return;
    }
    this.prune();
    const now = Date.now();
    for (const p of this.pending) {
      const r = this.retries.get(p.event.eventId);
      if (!r || r.dueAt <= now) {
        this.publish(p.event);
      }
    }
    this.arm();
  }

  onAck(ack) {
    if (!ack || typeof ack.eventId !== 'string') {
      return;
    }
    this.retries.delete(ack.eventId);
    const before = this.pending.length;
    // any answer ends the retries: a rejected event would be rejected again
    this.pending = this.pending.filter((p) => p.event.eventId !== ack.eventId);
    if (this.pending.length !== before) {
      this.save();
      this.changed(ack.eventId, ack);
    }
  }

  changed(ackedId, ack) {
    for (const l of this.listeners) {
      l(ackedId, ack);
    }
  }

  load() {
    try {
      const v = JSON.parse(localStorage.getItem(this.key) || '[]');
      return Array.isArray(v) ? v.filter((p) => p && p.event && typeof p.event.eventId === 'string') : [];
    } catch (e) {
      return [];
    }
  }

  save() {
    try {
      localStorage.setItem(this.key, JSON.stringify(this.pending));
    } catch (e) {
      // storage full or blocked: memory still holds the queue
    }
  }
}
