// Trainer login for the API (HTTP Basic against the engine's trainer logins) and MQTT logins: the
// tablet's comes from the trainer's login (GET /api/mqtt-login, trainerAccess below); a paired screen
// or watch has its own (shared/pairing.js); a device provisioned as code has its key in its kiosk URL
// (?device=…&key=…, deviceLogin below), kept in localStorage so a reload without the query still
// connects. The trainer's credentials live in sessionStorage only (gone when the tab closes).

import { deviceIdFor } from './link.js';

const TRAINER_KEY = 'limber.trainer.auth';

function storedAuth() {
  try {
    return sessionStorage.getItem(TRAINER_KEY);
  } catch (e) {
    return null;
  }
}

let pendingLogin = null;

/**
 * Shows a small login dialog and resolves with a Basic header value once the trainer submits.
 * Concurrent callers share one dialog and one answer.
 */
function askLogin(message) {
  if (pendingLogin) {
    return pendingLogin;
  }
  pendingLogin = new Promise((resolve) => {
    let dlg = document.getElementById('login');
    if (!dlg) {
      dlg = document.createElement('dialog');
      dlg.id = 'login';
      dlg.className = 'login';
      dlg.innerHTML = '<form method="dialog"><h2>Trainer login</h2><p class="login-msg"></p>'
        + '<label>Name <input name="user" autocomplete="username" required></label>'
        + '<label>Password <input name="password" type="password" autocomplete="current-password" required></label>'
        + '<button type="submit">Log in</button></form>';
      document.body.append(dlg);
    }
    dlg.querySelector('.login-msg').textContent = message;
    const form = dlg.querySelector('form');
    form.onsubmit = () => {
      const user = form.user.value.trim();
      const header = `Basic ${btoa(unescape(encodeURIComponent(`${user}:${form.password.value}`)))}`;
      try {
        sessionStorage.setItem(TRAINER_KEY, header);
      } catch (e) {
        // private mode: this page load still works
      }
      form.password.value = '';
      pendingLogin = null;
      resolve(header);
    };
    if (!dlg.open) {
      dlg.showModal();
    }
  });
  return pendingLogin;
}

/** fetch() with the trainer's login; asks for it (again) on 401 and retries. */
export async function authFetch(url, options = {}) {
  let header = storedAuth();
  for (let attempt = 0; attempt < 5; attempt += 1) {
    // marks the request as ours: the engine then answers 401 without the browser's native prompt
    const headers = { ...(options.headers || {}), 'x-requested-with': 'limber' };
    const used = header;
    if (used) {
      headers.authorization = used;
    }
    const r = await fetch(url, { ...options, headers });
    if (r.status !== 401) {
      return r;
    }
    const latest = storedAuth();
    if (latest && latest !== used) {
      header = latest; // someone logged in while this request was on its way: just retry
    } else {
      header = await askLogin(used ? 'That name and password did not match. Try again.'
        : 'Log in to control the floor.');
    }
  }
  throw new Error('login failed');
}

/** MQTT username/password for this device: its id and the key from the kiosk URL, if any. */
export function deviceLogin(deviceId) {
  const q = new URLSearchParams(location.search);
  let key = q.get('key');
  try {
    if (key) {
      localStorage.setItem(`limber.key.${deviceId}`, key);
    } else {
      key = localStorage.getItem(`limber.key.${deviceId}`);
    }
  } catch (e) {
    // private mode: the query string is the only source
  }
  return key ? { username: deviceId, password: key } : {};
}

const REFRESH_AT = 0.75; // of a tablet login's life
const REFRESH_RETRY_MS = 30000;

/**
 * boot.js access for the trainer tablet: its broker login is the trainer's own, from GET
 * /api/mqtt-login ({username, password, expiresAt}); the link's device id is that username. A new
 * login is fetched at 3/4 of the old one's life and handed to the link for its next reconnect (the
 * connection open now stays as it is). A refused login is fetched anew once at once; an engine that
 * has no /api/mqtt-login (404) gets the URL's ?device=…&key= as before.
 */
export function trainerAccess() {
  let current = null;
  let timer = null;
  let retried = false;

  async function fetchLogin() {
    const r = await authFetch('/api/mqtt-login', { cache: 'no-store' });
    if (r.status === 404) {
      return { legacy: true };
    }
    if (!r.ok) {
      throw new Error(`/api/mqtt-login: HTTP ${r.status}`);
    }
    const l = await r.json();
    if (typeof l.username !== 'string' || typeof l.password !== 'string') {
      throw new Error('/api/mqtt-login: no username and password');
    }
    return { username: l.username, password: l.password, expiresAt: Number(l.expiresAt) || Date.now() + 3600000, fetchedAt: Date.now() };
  }

  function schedule(page) {
    clearTimeout(timer);
    if (!current || current.legacy) {
      return;
    }
    const life = Math.max(0, current.expiresAt - current.fetchedAt);
    const wait = Math.max(5000, current.fetchedAt + life * REFRESH_AT - Date.now());
    timer = setTimeout(async () => {
      try {
        const next = await fetchLogin();
        if (next.legacy || next.username !== current.username) {
          current = next;
          return; // another trainer or no tablet logins any more: the next start picks it up
        }
        current = next;
        if (page.link) {
          page.link.setLogin({ username: next.username, password: next.password });
        }
        page.mqttLogin = { username: next.username, expiresAt: next.expiresAt, fetchedAt: next.fetchedAt };
        schedule(page);
      } catch (e) {
        console.warn('tablet login not renewed yet:', e && e.message);
        timer = setTimeout(() => schedule(page), REFRESH_RETRY_MS);
      }
    }, wait);
  }

  return {
    async login(page) {
      if (!current || (!current.legacy && Date.now() > current.expiresAt - 60000)) {
        current = await fetchLogin();
      }
      if (current.legacy) {
        page.deviceId = deviceIdFor('trainer');
        return deviceLogin(page.deviceId);
      }
      page.deviceId = current.username;
      page.mqttLogin = { username: current.username, expiresAt: current.expiresAt, fetchedAt: current.fetchedAt };
      schedule(page);
      return { username: current.username, password: current.password };
    },
    refused() {
      if (current && current.legacy) {
        return false;
      }
      current = null; // expired or revoked: ask for a new one
      if (retried) {
        retried = false;
        return false; // refused twice in a row: wait before the next try
      }
      retried = true;
      return true;
    },
    watch() {
      retried = false;
    },
  };
}
