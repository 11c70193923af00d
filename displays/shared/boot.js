// How every page starts, and how it recovers when starting fails: one way for the wall display, the
// watch and the trainer tablet.
//
//   pair       the page's broker login (access.login): a display or watch that has none shows a
//              pairing code and waits here until a trainer approves it (shared/pairing.js); the
//              tablet fetches its login from its trainer login
//   connect    GET /api/client-config (and whatever else the page loads, in parallel), open the MQTT
//              link, wait for the broker to accept it
//   sync       the page's early subscriptions (its zone's session), then start the clock sync and
//              wait for it to converge
//   subscribe  the page's own subscriptions (zone watcher, alerts, outbox, ...)
//   up         then, once, the page's ready(): its render loop and input wiring
//
// If any stage fails (engine not running yet, HTTP error, broker or clock not answering in time), the
// attempt is undone (the MQTT connection dropped, so the broker's last will says offline) and the
// start is tried again after 1 s, 2 s, 4 s, 8 s and then every 15 s (each a little shorter at random,
// so a room of screens does not knock in step), or as soon as the browser says it is back online.
// Meanwhile one banner, the same on every page, says what is wrong and when the next try is. The
// page never reloads itself. Once started, a lost connection is the link's business (it reconnects
// every second and re-subscribes), not boot's, with two exceptions that start the page over from
// the pair stage at once: the broker refusing the login (access.refused: a revoked device pairs
// again, the tablet fetches a fresh login), and the page asking for it (restart(reason), e.g. a
// device moved to another zone).
//
// page.boot = {stage, attempt, error, retryAt, restarts} and <body data-boot="stage"> tell tests and
// diagnostics where the start is.

import { brokerUrl, Link, loadJson } from './link.js';
import { deviceLogin } from './auth.js';
import { ClockSync } from './clock.js';

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 15000;
const CONNECT_TIMEOUT_MS = 8000;
const SYNC_TIMEOUT_MS = 8000;
const COUNTDOWN_TICK_MS = 250;

/** The broker refused the page's login (CONNACK 4 or 5). */
class LoginRefused extends Error {
  constructor(code) {
    super('the message broker refused this device\'s login');
    this.code = code;
  }
}

/** Without an access of its own a page logs in as before: ?device= and ?key= from its URL. */
const URL_ACCESS = {
  login: (page) => deviceLogin(page.deviceId),
  refused: () => false,
  watch: () => {},
};

/** Wait before retry number attempt + 1: doubling from 1 s up to 15 s, minus up to a quarter at random. */
export function retryDelayMs(attempt, random = Math.random) {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(attempt, 10));
  return Math.round(base * (1 - 0.25 * random()));
}

/** The zone a screen or watch shows: the one asked for, else the engine's first zone. */
export async function zoneOrFirst(wanted) {
  if (wanted) {
    return wanted;
  }
  const zones = await loadJson('/api/zones');
  return zones.length ? zones[0].id : 'main-floor';
}

/**
 * Starts a page: page has kind (and deviceId, unless access sets it); boot sets page.link, page.clock
 * and page.boot.
 *
 * - access: {login(page), refused(page), watch(page, restart)}: the pair stage's broker login
 *   ({username, password} or {}; it may set page.deviceId and page.zone), what a refused login means
 *   (true: start over at once), and subscriptions that may ask to start over. Default: the URL's key.
 * - load(): the page's own HTTP loads, run alongside the client config; resolves to an object
 *   handed (with config) to status, subscribe and ready. Runs again on every attempt.
 * - status(data): retained presence {kind, zone} (default: page.kind and page.zone).
 * - onLinkState(state): hears the link's 'connecting' | 'online' | 'offline'.
 * - early(data): subscriptions that need no synced clock (the zone's retained session), made as soon
 *   as the broker accepts the link, so what they bring arrives while the clock syncs.
 * - subscribe(data): the page's subscriptions on page.link, with page.clock synced.
 * - ready(data): once, after the first start that got through.
 *
 * Resolves with data once the page is first up; never rejects (it keeps trying), and keeps watching
 * for a reason to start over.
 */
export function boot(page, hooks) {
  const state = { stage: 'pair', attempt: 0, error: null, retryAt: null, restarts: 0 };
  page.boot = state;
  return new Promise((resolve) => {
    run(page, state, { access: URL_ACCESS, load: async () => ({}), subscribe: () => {}, ready: () => {}, ...hooks }, resolve);
  });
}

async function run(page, state, hooks, firstUp) {
  let readyDone = false;
  for (;;) {
    let restart;
    const over = new Promise((resolve) => { restart = resolve; });
    try {
      const data = await startOnce(page, state, hooks, restart);
      enter(state, 'up');
      state.attempt = 0;
      state.error = null;
      state.retryAt = null;
      showTrouble(null);
      if (!readyDone) {
        readyDone = true;
        hooks.ready(data);
        firstUp(data);
      }
      const why = await over;
      console.warn(`starting over: ${why.message || why}`);
      undo(page);
      state.restarts++;
      if (why instanceof LoginRefused) {
        hooks.access.refused(page);
      }
    } catch (e) {
      undo(page);
      state.error = reasonOf(e);
      console.warn(`start failed at ${state.stage}:`, e && e.message);
      if (e instanceof LoginRefused && hooks.access.refused(page)) {
        state.restarts++;
        continue; // the access has something else to try (pairing, a fresh login): no waiting
      }
      await waitToRetry(state);
      state.attempt++;
    }
  }
}

async function startOnce(page, state, { access, load, status, onLinkState, early, subscribe }, restart) {
  enter(state, 'pair');
  const login = await access.login(page);

  enter(state, 'connect');
  const [config, loaded] = await Promise.all([loadJson('/api/client-config'), load()]);
  const data = { config, ...loaded };
  page.config = config;
  page.link = new Link({
    url: brokerUrl(config),
    deviceId: page.deviceId,
    login,
    status: status ? status(data) : { kind: page.kind, zone: page.zone },
    onState: onLinkState,
  }).start();
  await within(CONNECT_TIMEOUT_MS, 'the message broker did not answer', (done, fail) => {
    page.link.onConnect(done);
    page.link.onRefused((code) => fail(new LoginRefused(code)));
  });
  // from now on a refused login (revoked, or an expired tablet login on a reconnect) starts over
  page.link.onRefused((code) => restart(new LoginRefused(code)));

  enter(state, 'sync');
  if (early) {
    early(data);
  }
  page.clock = new ClockSync(page.link, page.deviceId).start();
  await within(SYNC_TIMEOUT_MS, 'the engine clock did not answer', (done) => page.clock.onSync(done));

  enter(state, 'subscribe');
  subscribe(data);
  access.watch(page, restart);
  return data;
}

/** Drops what a failed attempt opened; the next attempt starts from nothing. */
function undo(page) {
  if (page.clock) {
    page.clock.stop();
  }
  if (page.link) {
    page.link.stop();
  }
  page.clock = null;
  page.link = null;
}

function enter(state, stage) {
  state.stage = stage;
  if (document.body) {
    document.body.dataset.boot = stage;
  }
}

function within(ms, message, register) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    register(() => {
      clearTimeout(timer);
      resolve();
    }, (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

function reasonOf(e) {
  if (e instanceof TypeError) {
    return 'no answer from the network'; // fetch() failed: engine down or unreachable
  }
  return (e && e.message) || String(e);
}

/** Shows the banner with a countdown; resolves when it is time to try again. */
function waitToRetry(state) {
  const delay = retryDelayMs(state.attempt);
  state.retryAt = performance.now() + delay;
  return new Promise((resolve) => {
    let timer = null;
    const go = () => {
      clearTimeout(timer);
      window.removeEventListener('online', go);
      showTrouble(state.error, 'trying again…');
      resolve();
    };
    const tick = () => {
      const left = state.retryAt - performance.now();
      if (left <= 0) {
        go();
        return;
      }
      showTrouble(state.error, `trying again in ${Math.ceil(left / 1000)} s`);
      timer = setTimeout(tick, Math.min(COUNTDOWN_TICK_MS, left));
    };
    window.addEventListener('online', go);
    tick();
  });
}

/** The start-up banner, the same on every page (styled in base.css); null hides it. */
function showTrouble(reason, next) {
  let box = document.getElementById('boot-status');
  if (reason === null) {
    if (box) {
      box.hidden = true;
    }
    return;
  }
  if (!box) {
    box = document.createElement('div');
    box.id = 'boot-status';
    box.className = 'boot-status';
    box.setAttribute('role', 'status');
    box.innerHTML = '<strong>Not connected to the Limber engine</strong><span class="boot-detail"></span>';
    document.body.append(box);
  }
  const detail = `${reason} · ${next}`;
  const span = box.querySelector('.boot-detail');
  if (span.textContent !== detail) {
    span.textContent = detail;
  }
  box.hidden = false;
}
