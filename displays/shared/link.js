// One MQTT-over-WebSocket connection per page (MQTT.js, vendored in /vendor/mqtt.min.js and loaded
// as a classic script before this module). Reconnects by itself; subscriptions are re-made after
// every reconnect; presence is a retained status message plus a last will saying "offline".

import { authFetch } from './auth.js';
export const ROOT = 'limber/v1/';
export const topics = {
  session: (zone) => `${ROOT}zones/${zone}/session`,
  cue: (zone) => `${ROOT}zones/${zone}/cue`,
  progress: (zone) => `${ROOT}zones/${zone}/progress`,
  alerts: (zone) => `${ROOT}zones/${zone}/alerts`,
  sound: (zone) => `${ROOT}zones/${zone}/sound`,
  soundAll: `${ROOT}zones/+/sound`,
  alertsAll: `${ROOT}zones/+/alerts`,
  status: (deviceId) => `${ROOT}devices/${deviceId}/status`,
  assignment: (deviceId) => `${ROOT}devices/${deviceId}/assignment`,
  statusAll: `${ROOT}devices/+/status`,
  events: (deviceId) => `${ROOT}devices/${deviceId}/events`,
  acks: (deviceId) => `${ROOT}devices/${deviceId}/acks`,
  ping: (deviceId) => `${ROOT}time/${deviceId}/ping`,
  pong: (deviceId) => `${ROOT}time/${deviceId}/pong`,
};

/**
 * The device id in a device topic (limber/v1/devices/{id}/... or limber/v1/time/{id}/...), or null
 * for a topic of another shape. Twin of the engine's Topics.deviceIdOf.
 */
export function deviceIdOf(topic) {
  for (const scope of ['devices/', 'time/']) {
    if (topic.startsWith(ROOT + scope)) {
      const rest = topic.slice((ROOT + scope).length);
      const slash = rest.indexOf('/');
      return slash <= 0 ? null : rest.slice(0, slash);
    }
  }
  return null;
}

/** Device and event ids must match [A-Za-z0-9._:-]{1,64} (the engine's DeviceEventParser). */
export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

/** Random lowercase hex; crypto.getRandomValues works on plain http LAN addresses too. */
export function randomHex(bytes) {
  const a = new Uint8Array(bytes);
  crypto.getRandomValues(a);
  return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A device id from ?device=, else one remembered in this browser, else a new one. */
export function deviceIdFor(kind) {
  const fromUrl = new URLSearchParams(location.search).get('device');
  if (fromUrl && ID_PATTERN.test(fromUrl)) {
    return fromUrl;
  }
  const key = `limber.deviceId.${kind}`;
  let id = null;
  try {
    id = localStorage.getItem(key);
  } catch (e) {
    id = null;
  }
  if (!id || !ID_PATTERN.test(id)) {
    id = `${kind}-${randomHex(4)}`;
    try {
      localStorage.setItem(key, id);
    } catch (e) {
      // private mode: a fresh id per load is acceptable
    }
  }
  return id;
}

export async function loadJson(url) {
  const r = await authFetch(url, { cache: 'no-store' });
  if (!r.ok) {
    throw new Error(`${url}: HTTP ${r.status}`);
  }
  return r.json();
}

/** ws://<page host>:<port><path> for the embedded broker, or the configured URL. */
export function brokerUrl(clientConfig) {
  const m = clientConfig.mqtt;
  if (m.url) {
    return m.url;
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const host = location.hostname.includes(':') ? `[${location.hostname}]` : location.hostname;
  return `${scheme}://${host}:${m.websocketPort}${m.websocketPath}`;
}

/** True if an MQTT topic filter (with + and #) matches a topic. */
export function topicMatches(filter, topic) {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') {
      return true;
    }
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) {
      return false;
    }
  }
  return f.length === t.length;
}

/** CONNACK return codes that refuse the login itself (MQTT 3.1.1: 4 bad username or password, 5 not authorized). */
export const REFUSED_LOGIN = [4, 5];

export class Link {
  /**
   * status: {kind: display|watch|trainer, zone} published retained on every connect; the same with
   * state offline is the last will. onState(state) hears 'connecting' | 'online' | 'offline'.
   * login: {username, password} for the broker, or {} for none.
   */
  constructor({ url, deviceId, status, onState, login = {} }) {
    this.url = url;
    this.deviceId = deviceId;
    this.status = status;
    this.login = login;
    this.onState = onState || (() => {});
    this.handlers = [];
    this.connectListeners = [];
    this.refusalListeners = [];
    this.state = 'connecting';
    // Stable for the life of the page: a reconnect takes over the previous connection (so its
    // will fires before we say "online" again), while two tabs never kick each other off.
    this.clientId = `lb-${randomHex(6)}`;
    this.client = null;
  }

  start() {
    const lib = window.mqtt && (window.mqtt.connect ? window.mqtt : window.mqtt.default);
    if (!lib) {
      throw new Error('MQTT.js did not load (/vendor/mqtt.min.js)');
    }
    const options = {
      clientId: this.clientId,
      protocolVersion: 4,
      clean: true,
      // 4 s: the broker drops a connection that went silent after 1.5 x 4 = 6 s, so the tablet shows the
      // device offline within 10 s (its list refreshes every 2.5 s)
      keepalive: 4,
      // a screen must show what changed within a second of the network coming back: retry twice a second
      reconnectPeriod: 500,
      // 6 s, above Chromium's own spacing of WebSocket connections: after repeated failures (a network
      // that refused every try) it holds each new one back by 1 to 5 s. A try abandoned before that
      // counts as one more failure, so a shorter timeout could keep a recovered page from ever getting
      // through. A silent network costs at most this long per try.
      connectTimeout: 6000,
      resubscribe: true,
      // Plain setInterval for keepalive: worker timers measure time in another global, and the pages
      // (and their tests, which shift page clocks) must have one notion of time.
      timerVariant: 'native',
      ...this.login,
    };
    if (this.status) {
      options.will = {
        topic: topics.status(this.deviceId),
        payload: JSON.stringify({ ...this.status, state: 'offline' }),
        qos: 1,
        retain: true,
      };
    }
    this.client = lib.connect(this.url, options);
    this.client.on('connect', () => {
      this.setState('online');
      if (this.status) {
        this.publish(topics.status(this.deviceId), { ...this.status, state: 'online' }, { qos: 1, retain: true })
          .catch(() => {});
      }
      for (const l of this.connectListeners) {
        l();
      }
    });
    this.client.on('reconnect', () => this.setState('connecting'));
    this.client.on('close', () => this.setState('offline'));
    this.client.on('offline', () => this.setState('offline'));
    this.client.on('error', (e) => {
      console.warn('mqtt error', e && e.message);
      if (e && REFUSED_LOGIN.includes(e.code)) {
        // MQTT.js stops reconnecting after a refused CONNACK: whoever listens decides what next
        for (const l of this.refusalListeners) {
          l(e.code);
        }
      }
    });
    this.client.on('message', (topic, payload) => this.dispatch(topic, payload));
    return this;
  }

  /**
   * Adds fields to the retained status (e.g. a display's sound state) and publishes it again if
   * connected; every later connect publishes it with them.
   */
  updateStatus(fields) {
    if (!this.status) {
      return;
    }
    this.status = { ...this.status, ...fields };
    if (this.state === 'online') {
      this.publish(topics.status(this.deviceId), { ...this.status, state: 'online' }, { qos: 1, retain: true })
        .catch(() => {});
    }
  }

  /** Drops the connection for good, without a goodbye, so the broker publishes the last will. */
  stop() {
    this.connectListeners = [];
    this.refusalListeners = [];
    this.handlers = [];
    if (this.client) {
      this.client.end(true);
    }
    this.setState('offline');
  }

  setState(s) {
    if (this.state !== s) {
      this.state = s;
      this.onState(s);
    }
  }

  get connected() {
    return this.state === 'online';
  }

  /** Runs now if connected and after every later (re)connect. */
  onConnect(fn) {
    this.connectListeners.push(fn);
    if (this.connected) {
      fn();
    }
  }

  /** fn(code) when the broker refuses the login (CONNACK 4 bad username or password, 5 not authorized). */
  onRefused(fn) {
    this.refusalListeners.push(fn);
  }

  /** The login for the next (re)connect; the connection open now keeps the one it was made with. */
  setLogin(login) {
    this.login = login;
    if (this.client) {
      this.client.options.username = login.username;
      this.client.options.password = login.password;
    }
  }

  /** handler(topic, json) for every valid JSON message on filter. Never trusts the retain flag. */
  subscribe(filter, qos, handler) {
    this.handlers.push({ filter, handler });
    this.client.subscribe(filter, { qos });
    return () => {
      this.handlers = this.handlers.filter((h) => h.handler !== handler);
      if (!this.handlers.some((h) => h.filter === filter)) {
        this.client.unsubscribe(filter);
      }
    };
  }

  dispatch(topic, payload) {
    if (!payload || payload.length === 0) {
      for (const h of this.handlers) {
        if (topicMatches(h.filter, topic)) {
          h.handler(topic, null);
        }
      }
      return;
    }
    let msg;
    try {
      msg = JSON.parse(new TextDecoder().decode(payload));
    } catch (e) {
      return; // not ours, or damaged: ignore rather than break the page
    }
    for (const h of this.handlers) {
      if (topicMatches(h.filter, topic)) {
        try {
          h.handler(topic, msg);
        } catch (e) {
          console.error('handler failed for', topic, e);
        }
      }
    }
  }

  /** Resolves once the broker accepted it (PUBACK for QoS 1). */
  publish(topic, obj, { qos = 0, retain = false } = {}) {
    return new Promise((resolve, reject) => {
      this.client.publish(topic, JSON.stringify(obj), { qos, retain }, (err) => (err ? reject(err) : resolve()));
    });
  }
}
