// Device events (join / done / skip / pain / leave) with at-least-once delivery. Each event gets a
// unique eventId once, is kept (also in localStorage, so a reload does not lose it) until the broker
// acknowledges it (QoS 1 PUBACK), and is published again with the same eventId after every
// reconnect. The engine remembers eventIds, so a retry is never counted twice.
//
// Wire format (strict on the engine side: no other fields):
// {eventId, type, zone, sessionId?, stepIndex?, at?}

import { randomHex, topics } from './link.js';

const MAX_AGE_MS = 10 * 60 * 1000;

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
    this.listeners = [];
    this.sentAttempts = 0;
  }

  start() {
    this.link.onConnect(() => this.flush());
    return this;
  }

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

  isPending(eventId) {
    return this.pending.some((p) => p.event.eventId === eventId);
  }

  get size() {
    return this.pending.length;
  }

  flush() {
    const cutoff = Date.now() - MAX_AGE_MS;
    this.pending = this.pending.filter((p) => p.queuedAt >= cutoff);
    this.save();
    for (const p of this.pending) {
      this.publish(p.event);
    }
  }

  publish(event) {
    this.sentAttempts++;
    this.link.publish(topics.events(this.deviceId), event, { qos: 1 }).then(() => {
      const before = this.pending.length;
      this.pending = this.pending.filter((p) => p.event.eventId !== event.eventId);
      if (this.pending.length !== before) {
        this.save();
        this.changed(event.eventId);
      }
    }, () => {
      // stays pending; flushed again on the next connect
    });
  }

  changed(ackedId) {
    for (const l of this.listeners) {
      l(ackedId);
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
