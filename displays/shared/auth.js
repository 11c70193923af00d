// Trainer login for the API (HTTP Basic against the engine's trainer logins) and MQTT login for
// screens and watches. The trainer's credentials live in sessionStorage only (gone when the tab
// closes); a device's key comes from its kiosk URL (?device=…&key=…) and is kept in localStorage so
// a reload without the query still connects.

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
