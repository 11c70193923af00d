// Pairing: how a wall display or a watch gets a broker login of its own without anyone typing a key.
//
// A page with no login shows a 6-character code (and, on the wall display, a QR code that opens the
// approval page); a trainer with the admin right enters it on the tablet under Devices, picks the
// role, zone and name, and approves. The engine then answers the page's waiting request with the
// device id and secret; the page keeps them in localStorage (limber.pairing.<kind>) and starts. A
// code lasts 10 minutes; an expired one is replaced by a new one at once. See docs: the pairing
// contract (POST /api/pairing, text/event-stream).
//
// Where a page's login comes from, first match wins:
//   1. ?key= in the URL     provisioned as code (the kiosk URL of config/devices.yaml), id from ?device=
//   2. a stored pairing     its device id and secret; its zone is the one it was approved for
//   3. ?device= in the URL  provisioned as code, with the key remembered from an earlier ?key= or none
//                           (a broker without logins); if the broker refuses it, the page pairs
//   4. otherwise            pair
// An engine without pairing (404) gets the old behaviour: a made-up id and no login.

import { deviceIdFor, topics } from './link.js';
import { deviceLogin } from './auth.js';

const STORE_PREFIX = 'limber.pairing.';
const ASK_AGAIN_MS = 1000;

export function storedPairing(kind) {
  try {
    const c = JSON.parse(localStorage.getItem(STORE_PREFIX + kind) || 'null');
    return c && typeof c.deviceId === 'string' && typeof c.secret === 'string' ? c : null;
  } catch (e) {
    return null;
  }
}

export function rememberPairing(kind, credential) {
  try {
    localStorage.setItem(STORE_PREFIX + kind, JSON.stringify(credential));
  } catch (e) {
    // private mode: the pairing lasts for this page load only
  }
}

export function forgetPairing(kind) {
  try {
    localStorage.removeItem(STORE_PREFIX + kind);
  } catch (e) {
    // nothing stored
  }
}

/**
 * The events of a text/event-stream body, as {event, data} (data lines joined by newlines); comment
 * lines (":" keep-alives) are skipped. Ends when the body ends.
 */
export async function* readEvents(body) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = 'message';
  let data = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += decoder.decode(value, { stream: true });
      let nl = buffer.indexOf('\n');
      while (nl >= 0) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf('\n');
        if (line === '') {
          if (data.length) {
            yield { event, data: data.join('\n') };
          }
          event = 'message';
          data = [];
          continue;
        }
        if (line.startsWith(':')) {
          continue;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') {
          event = value;
        } else if (field === 'data') {
          data.push(value);
        }
      }
    }
  } finally {
    reader.releaseLock();
  }
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    return null;
  }
}

function sleep(ms) {
  return new Promise((resolve) => { setTimeout(resolve, ms); });
}

/** The pairing screen: created on first use, shown over the page (whose <main> it hides). */
class PairingScreen {
  constructor(kind, { qr }) {
    this.kind = kind;
    this.qr = qr;
    this.box = null;
    this.code = null;
  }

  mount() {
    if (this.box && this.box.isConnected) {
      return this.box;
    }
    const box = document.createElement('section');
    box.id = 'pairing';
    box.className = `pairing pairing-${this.kind}`;
    box.setAttribute('aria-labelledby', 'pairing-title');
    box.innerHTML = '<h1 id="pairing-title" class="pairing-title"></h1>'
      + '<div class="pairing-body">'
      + '<img id="pairing-qr" class="pairing-qr" alt="QR code: scan it with the trainer tablet to approve this screen" hidden>'
      + '<div class="pairing-words">'
      + '<p id="pairing-code" class="pairing-code" aria-live="polite"></p>'
      + '<p id="pairing-how" class="pairing-how"></p>'
      + '<p id="pairing-note" class="pairing-note"></p>'
      + '</div></div>';
    box.querySelector('img').addEventListener('error', (e) => { e.target.hidden = true; });
    document.body.append(box);
    document.body.dataset.pairing = 'asking';
    this.box = box;
    return box;
  }

  set(id, text) {
    const e = this.box.querySelector(`#${id}`);
    if (e.textContent !== text) {
      e.textContent = text;
    }
  }

  title() {
    return this.kind === 'watch' ? 'Set up this watch' : 'Set up this screen';
  }

  /** Waiting for the engine to hand out a code (keeps a code already shown, if any). */
  asking() {
    this.mount();
    if (this.code) {
      return;
    }
    this.set('pairing-title', this.title());
    this.set('pairing-code', '······');
    this.set('pairing-how', 'Getting a pairing code…');
    this.set('pairing-note', '');
    this.box.querySelector('#pairing-qr').hidden = true;
    document.body.dataset.pairing = 'asking';
  }

  /** {code, expiresAt, approveUrl} from the engine. */
  show(offer) {
    this.mount();
    this.code = offer.code;
    this.set('pairing-title', this.title());
    this.set('pairing-code', offer.code);
    this.box.querySelector('#pairing-code').setAttribute('aria-label', `Pairing code ${offer.code.split('').join(' ')}`);
    this.set('pairing-how', 'On the trainer tablet open Devices and enter this code');
    this.set('pairing-note', this.qr ? 'Or scan the QR code with the tablet. A new code comes by itself every 10 minutes.' : '');
    const img = this.box.querySelector('#pairing-qr');
    if (this.qr) {
      const src = `/api/pairing/${encodeURIComponent(offer.code)}/qr.svg`;
      if (img.getAttribute('src') !== src) {
        img.hidden = false;
        img.src = src;
      }
    }
    document.body.dataset.pairing = 'code';
  }

  /** Too many codes asked for: says when the next one comes. */
  busy(seconds) {
    this.mount();
    this.code = null;
    this.set('pairing-title', this.title());
    this.set('pairing-code', '······');
    this.set('pairing-how', `Lots of codes were asked for just now. A new one comes in ${seconds} s.`);
    this.set('pairing-note', '');
    this.box.querySelector('#pairing-qr').hidden = true;
    document.body.dataset.pairing = 'busy';
  }

  /** A code that is no longer good (expired, or the request failed): drop it. */
  drop() {
    this.code = null;
  }

  hide() {
    if (this.box) {
      this.box.remove();
    }
    this.box = null;
    this.code = null;
    delete document.body.dataset.pairing;
  }
}

/**
 * Asks the engine for codes until one is approved; resolves with the credential
 * {deviceId, secret, zone, name, role}, or null if the engine does not pair (404).
 */
async function pairOnce(kind, screen) {
  for (;;) {
    screen.asking();
    const r = await fetch('/api/pairing', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'limber' },
      body: JSON.stringify({ kind }),
      cache: 'no-store',
    });
    if (r.status === 404) {
      return null;
    }
    if (r.status === 429) {
      const why = await r.json().catch(() => ({}));
      const wait = Math.max(1, Math.min(600, Number(why.retryAfterSeconds) || 30));
      for (let left = wait; left > 0; left--) {
        screen.busy(left);
        await sleep(1000);
      }
      continue;
    }
    if (!r.ok || !r.body) {
      throw new Error(`could not get a pairing code (HTTP ${r.status})`);
    }
    let offered = false;
    for await (const e of readEvents(r.body)) {
      const data = parse(e.data);
      if (e.event === 'code' && data && typeof data.code === 'string') {
        offered = true;
        screen.show(data);
      } else if (e.event === 'paired' && data && typeof data.deviceId === 'string' && typeof data.secret === 'string') {
        return { deviceId: data.deviceId, secret: data.secret, zone: data.zone, name: data.name, role: data.role };
      } else if (e.event === 'expired') {
        screen.drop();
        break;
      }
    }
    if (!offered) {
      throw new Error('the engine gave no pairing code');
    }
    // expired (a new code at once), or the stream was cut (ask again in a moment; the code stays up)
    await sleep(ASK_AGAIN_MS);
  }
}

/**
 * boot.js access for a wall display or a watch: where its broker login comes from (see the top of
 * this file), what a refused login means, and the retained assignment that moves or revokes it.
 * qr: show the QR code beside the pairing code (the wall display; a watch is too small for one).
 */
export function deviceAccess(kind, { qr = false } = {}) {
  const screen = new PairingScreen(kind, { qr });
  let legacyRefused = false;
  const query = () => new URLSearchParams(location.search);

  const legacy = (page) => {
    page.deviceId = deviceIdFor(kind);
    page.paired = null;
    return deviceLogin(page.deviceId);
  };

  return {
    /** The pair stage: resolves with the MQTT login, pairing first if the page has none. */
    async login(page) {
      const q = query();
      if (q.has('key')) {
        return legacy(page);
      }
      let credential = storedPairing(kind);
      if (!credential && q.has('device') && !legacyRefused) {
        return legacy(page);
      }
      if (!credential) {
        try {
          credential = await pairOnce(kind, screen);
        } catch (e) {
          screen.drop();
          screen.asking();
          throw e;
        }
        if (!credential) {
          screen.hide();
          return legacy(page); // an engine that does not pair
        }
        rememberPairing(kind, credential);
      }
      screen.hide();
      page.paired = credential;
      page.deviceId = credential.deviceId;
      if (credential.zone) {
        page.zone = credential.zone;
      }
      return { username: credential.deviceId, password: credential.secret };
    },

    /** The broker refused the login: true if the page should start over at once (and pair). */
    refused(page) {
      if (page.paired) {
        forgetPairing(kind); // revoked
        page.paired = null;
        return true;
      }
      if (!query().has('key')) {
        legacyRefused = true; // a ?device= the broker does not know: pair it
        return true;
      }
      return false; // a wrong key in the kiosk URL: only whoever set up the URL can fix it
    },

    /** After subscribing: follows the device's retained assignment (zone move, rename, revoke). */
    watch(page, restart) {
      if (!page.paired) {
        return;
      }
      page.link.subscribe(topics.assignment(page.deviceId), 1, (topic, a) => {
        const current = page.paired;
        if (!current) {
          return;
        }
        if (!a) {
          forgetPairing(kind);
          page.paired = null;
          restart('this device was removed');
          return;
        }
        if (Number.isFinite(a.revision) && Number.isFinite(current.revision) && a.revision < current.revision) {
          return; // an older assignment than the one we follow
        }
        const next = { ...current, revision: a.revision };
        if (typeof a.name === 'string') {
          next.name = a.name;
        }
        const moved = typeof a.zone === 'string' && a.zone !== page.zone;
        if (moved) {
          next.zone = a.zone;
        }
        page.paired = next;
        rememberPairing(kind, next);
        if (moved) {
          restart(`moved to ${a.zone}`);
        }
      });
    },
  };
}
