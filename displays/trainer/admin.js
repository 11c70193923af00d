// The tablet's admin view (for trainers with the admin right, GET /api/me): Devices (approve a
// pairing code, then rename, move or remove each screen, watch and tablet) and Trainers (add one,
// reset a password, disable or enable). All over the HTTP API with the trainer's login; it needs no
// MQTT, so it works while the session side is still starting. While the view is open the device
// list is read again every 2.5 s. /trainer/?pair=CODE (what a screen's QR code opens) opens it with
// the code filled in.

import { soundNote } from './sound-controls.js';
import { authFetch } from '../shared/auth.js';
import { el, setText } from '../shared/words.js';

const POLL_MS = 2500;
const NOT_CODE = /[^ABCDEFGHJKMNPQRSTUVWXYZ23456789]/g;
const ROLE_LABEL = { display: 'Wall display', watch: 'Watch', tablet: 'Tablet' };

/** A failed API call, with a message a trainer can act on. */
class ApiFailure extends Error {
  constructor(status, body, what) {
    super(friendly(status, body, what));
    this.status = status;
  }
}

function friendly(status, body, what) {
  if (status === 403) {
    return 'Only a gym admin can do this.';
  }
  if (status === 429) {
    return 'Too many tries in a row. Wait a minute, then try again.';
  }
  if (status === 404 && what === 'approve') {
    return 'No screen or watch is showing that code. Check the letters, or wait for its new code.';
  }
  if (status === 404) {
    return 'That is no longer there. The list is up to date now.';
  }
  const said = body && (body.message || body.error);
  return said ? `The engine said: ${said}` : `Something went wrong (HTTP ${status}). Try again.`;
}

async function call(method, path, body, what) {
  const options = { method, cache: 'no-store', headers: {} };
  if (body !== undefined) {
    options.headers['content-type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const r = await authFetch(path, options);
  const json = await r.json().catch(() => null);
  if (!r.ok) {
    throw new ApiFailure(r.status, json, what);
  }
  return json;
}

function make(tag, className, text) {
  const e = document.createElement(tag);
  if (className) {
    e.className = className;
  }
  if (text !== undefined) {
    e.textContent = text;
  }
  return e;
}

function button(text, className, onClick) {
  const b = make('button', className, text);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

/** "just now", "4 min ago", "2 h ago", "3 days ago". */
export function ago(ms, now = Date.now()) {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) {
    return 'just now';
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)} min ago`;
  }
  if (s < 86400) {
    return `${Math.floor(s / 3600)} h ago`;
  }
  const d = Math.floor(s / 86400);
  return `${d} ${d === 1 ? 'day' : 'days'} ago`;
}

function ms(v, signed) {
  if (!Number.isFinite(v)) {
    return '–';
  }
  const r = Math.round(v);
  return `${signed && r > 0 ? '+' : ''}${r} ms`;
}

export class AdminViews {
  constructor({ toast, statusOf = () => null }) {
    this.toast = toast;
    this.statusOf = statusOf; // a device's own retained status (the screens' sound state is in it)
    this.admin = false;
    this.zones = [];
    this.devices = [];
    this.trainers = [];
    this.timer = null;
    this.rows = new Map(); // device id -> li
  }

  start() {
    el('admin-open').addEventListener('click', () => this.open());
    el('admin-close').addEventListener('click', () => this.close());
    el('pair-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.approve();
    });
    el('pair-code').addEventListener('input', (e) => {
      const clean = e.target.value.toUpperCase().replace(NOT_CODE, '').slice(0, 6);
      if (clean !== e.target.value) {
        e.target.value = clean;
      }
    });
    el('trainer-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.addTrainer();
    });
    el('secret-done').addEventListener('click', () => { el('secret').hidden = true; setText(el('secret-value'), ''); });
    this.check();
    return this;
  }

  /** Asks the engine whether this trainer is an admin; shows the Devices button if so. */
  async check() {
    try {
      const me = await call('GET', '/api/me');
      this.admin = !!(me && me.admin);
    } catch (e) {
      this.admin = false; // an engine without the admin API, or a trainer without the right
    }
    el('admin-open').hidden = !this.admin;
    const code = new URLSearchParams(location.search).get('pair');
    if (code) {
      if (this.admin) {
        await this.open();
        el('pair-code').value = code.toUpperCase().replace(NOT_CODE, '').slice(0, 6);
        el('pair-name').focus();
      } else {
        this.toast('Only a gym admin can approve a new screen or watch.');
      }
    }
  }

  async open() {
    document.body.dataset.view = 'admin';
    el('admin').hidden = false;
    await this.loadZones(); // first: the list shows zone names
    await Promise.all([this.refresh(), this.loadTrainers()]);
    clearInterval(this.timer);
    this.timer = setInterval(() => this.refresh(), POLL_MS);
  }

  close() {
    clearInterval(this.timer);
    this.timer = null;
    el('admin').hidden = true;
    delete document.body.dataset.view;
  }

  get isOpen() {
    return !el('admin').hidden;
  }

  async loadZones() {
    try {
      this.zones = await call('GET', '/api/zones');
    } catch (e) {
      this.say(e.message);
      return;
    }
    const select = el('pair-zone');
    const keep = select.value;
    select.replaceChildren(...this.zones.map((z) => {
      const o = make('option', '', z.name);
      o.value = z.id;
      return o;
    }));
    if (this.zones.some((z) => z.id === keep)) {
      select.value = keep;
    }
  }

  zoneName(id) {
    const z = this.zones.find((x) => x.id === id);
    return z ? z.name : id || '–';
  }

  say(text, good) {
    const line = el('pair-msg');
    line.textContent = text;
    line.classList.toggle('good', !!good);
    line.hidden = !text;
  }

  // ---- pairing ------------------------------------------------------------------------------

  async approve() {
    const form = el('pair-form');
    const code = el('pair-code').value.trim().toUpperCase();
    const role = form.querySelector('input[name="role"]:checked');
    const name = el('pair-name').value.trim();
    if (code.length !== 6) {
      this.say('The code has 6 letters and digits. It is on the screen or watch you are setting up.');
      return;
    }
    if (!name) {
      this.say('Give it a name you will recognise, like “Wall left” or “Watch 12”.');
      return;
    }
    const button = el('pair-approve');
    button.disabled = true;
    try {
      await call('POST', `/api/pairing/${encodeURIComponent(code)}/approve`,
        { role: role ? role.value : 'display', zone: el('pair-zone').value, name }, 'approve');
      this.say(`Paired. “${name}” starts in a moment.`, true);
      el('pair-code').value = '';
      el('pair-name').value = '';
      const u = new URL(location.href);
      if (u.searchParams.has('pair')) {
        u.searchParams.delete('pair');
        history.replaceState(null, '', u);
      }
      await this.refresh();
    } catch (e) {
      this.say(e.message);
    } finally {
      button.disabled = false;
    }
  }

  // ---- device list --------------------------------------------------------------------------

  async refresh() {
    try {
      const list = await call('GET', '/api/devices');
      this.devices = Array.isArray(list) ? list : [];
    } catch (e) {
      setText(el('device-note'), `Could not read the device list: ${e.message}`);
      return;
    }
    setText(el('device-note'), this.devices.length ? '' : 'No devices yet. Pair one with the form on the left.');
    this.renderDevices();
  }

  renderDevices() {
    const list = el('device-list');
    const sorted = [...this.devices].sort((a, b) => `${a.zone} ${a.role} ${a.name || a.id}`.localeCompare(`${b.zone} ${b.role} ${b.name || b.id}`));
    const seen = new Set();
    const rows = sorted.map((d) => {
      seen.add(d.id);
      let li = this.rows.get(d.id);
      if (!li) {
        li = this.deviceRow(d);
        this.rows.set(d.id, li);
      }
      this.fillRow(li, d);
      return li;
    });
    for (const id of [...this.rows.keys()]) {
      if (!seen.has(id)) {
        this.rows.delete(id);
      }
    }
    const same = rows.length === list.children.length && rows.every((r, i) => list.children[i] === r);
    if (!same) {
      list.replaceChildren(...rows);
    }
    const current = sorted.filter((d) => !d.revoked);
    setText(el('device-count'), `· ${current.filter((d) => d.online).length} of ${current.length} online`);
  }

  deviceRow(d) {
    const li = make('li', 'device');
    li.dataset.device = d.id;
    const main = make('div', 'd-main');
    main.append(make('strong', 'd-name'), make('span', 'd-what'));
    const state = make('span', 'd-state');
    const facts = make('div', 'd-facts');
    facts.append(make('span', 'd-seen'), make('span', 'd-clock'), make('span', 'd-sound'));
    const actions = make('div', 'd-actions');
    const move = make('select', 'd-move');
    move.setAttribute('aria-label', 'Move to zone');
    move.addEventListener('change', () => this.move(li.dataset.device, move.value));
    actions.append(button('Rename', 'd-rename', () => this.rename(li.dataset.device)), move,
      button('Remove', 'd-revoke danger', () => this.revoke(li.dataset.device)));
    li.append(main, state, facts, actions);
    return li;
  }

  fillRow(li, d) {
    li.classList.toggle('offline', !d.online);
    li.classList.toggle('revoked', !!d.revoked);
    li.dataset.online = String(!!d.online);
    li.dataset.revoked = String(!!d.revoked);
    setText(li.querySelector('.d-name'), d.name || d.id);
    setText(li.querySelector('.d-what'), `${ROLE_LABEL[d.role] || d.role} · ${this.zoneName(d.zone)}${d.source === 'config' ? ' · set up in config' : ''}`);
    setText(li.querySelector('.d-state'), d.revoked ? 'Removed' : d.online ? 'Online' : 'Offline');
    setText(li.querySelector('.d-seen'), d.online ? 'here now' : d.lastSeen ? `last seen ${ago(d.lastSeen)}` : 'never seen');
    setText(li.querySelector('.d-clock'), `clock ${ms(d.clockOffsetMs, true)} · round trip ${ms(d.rttMs)}`);
    const status = d.online && d.role === 'display' ? this.statusOf(d.id) : null;
    const sound = li.querySelector('.d-sound');
    setText(sound, soundNote(status));
    sound.classList.toggle('needs-tap', !!status && status.sound === 'blocked');
    const move = li.querySelector('.d-move');
    // devices from devices.yaml can be renamed, moved and removed too (the change is kept in the database)
    li.querySelector('.d-rename').disabled = !!d.revoked;
    li.querySelector('.d-revoke').disabled = !!d.revoked;
    move.disabled = !!d.revoked;
    if (document.activeElement !== move) {
      const options = this.zones.map((z) => `${z.id}\u0000${z.name}`).join('\u0001');
      if (move.dataset.options !== options) {
        move.dataset.options = options;
        move.replaceChildren(...this.zones.map((z) => {
          const o = make('option', '', z.name);
          o.value = z.id;
          return o;
        }));
      }
      move.value = d.zone;
    }
  }

  device(id) {
    return this.devices.find((d) => d.id === id);
  }

  async rename(id) {
    const d = this.device(id);
    const name = await this.ask({
      title: `Rename “${d ? d.name || d.id : id}”`,
      text: 'The new name shows in this list and in reports.',
      input: d ? d.name || '' : '',
      ok: 'Save',
    });
    if (name === null || !name.trim()) {
      return;
    }
    await this.patch(id, { name: name.trim() }, 'Renamed.');
  }

  async move(id, zone) {
    const d = this.device(id);
    if (!d || d.zone === zone) {
      return;
    }
    await this.patch(id, { zone }, `Moved to ${this.zoneName(zone)}. It switches over in a few seconds.`);
  }

  async patch(id, body, done) {
    try {
      await call('PATCH', `/api/devices/${encodeURIComponent(id)}`, body);
      this.toast(done);
    } catch (e) {
      this.toast(e.message);
    }
    await this.refresh();
  }

  async revoke(id) {
    const d = this.device(id);
    const name = d ? d.name || d.id : id;
    const ok = await this.ask({
      title: `Remove “${name}”?`,
      text: 'It disconnects at once and shows a new pairing code. You can pair it again any time.',
      ok: 'Remove',
      danger: true,
    });
    if (ok === null) {
      return;
    }
    try {
      await call('DELETE', `/api/devices/${encodeURIComponent(id)}`);
      this.toast(`“${name}” removed.`);
    } catch (e) {
      this.toast(e.message);
    }
    await this.refresh();
  }

  /** A small confirm/prompt dialog; resolves with the input's value ('' without one), or null on Cancel. */
  ask({ title, text, input, ok, danger }) {
    const dlg = el('admin-dialog');
    setText(el('ask-title'), title);
    setText(el('ask-text'), text);
    const field = el('ask-input');
    field.hidden = input === undefined;
    field.value = input || '';
    const go = el('ask-ok');
    setText(go, ok);
    go.classList.toggle('danger', !!danger);
    return new Promise((resolve) => {
      const form = dlg.querySelector('form');
      form.onsubmit = (e) => {
        e.preventDefault();
        dlg.close();
        resolve(input === undefined ? '' : field.value);
      };
      el('ask-cancel').onclick = () => {
        dlg.close();
        resolve(null);
      };
      dlg.oncancel = () => resolve(null);
      dlg.showModal();
      if (input !== undefined) {
        field.select();
      }
    });
  }

  // ---- trainers -----------------------------------------------------------------------------

  async loadTrainers() {
    try {
      const list = await call('GET', '/api/trainers');
      this.trainers = Array.isArray(list) ? list : [];
    } catch (e) {
      setText(el('trainer-note'), `Could not read the trainers: ${e.message}`);
      return;
    }
    setText(el('trainer-note'), '');
    el('trainer-list').replaceChildren(...this.trainers.map((t) => {
      const li = make('li', t.disabled ? 'trainer disabled' : 'trainer');
      li.dataset.trainer = t.name;
      const who = make('span', 't-name', t.name);
      const tags = make('span', 't-tags', [t.admin ? 'admin' : '', t.disabled ? 'disabled' : ''].filter(Boolean).join(' · '));
      li.append(who, tags,
        button('New password', 't-reset', () => this.resetPassword(t.name)),
        button(t.disabled ? 'Enable' : 'Disable', t.disabled ? 't-toggle' : 't-toggle danger', () => this.setDisabled(t.name, !t.disabled)));
      return li;
    }));
  }

  async addTrainer() {
    const name = el('trainer-name').value.trim();
    if (!name) {
      return;
    }
    try {
      const made = await call('POST', '/api/trainers', { name, admin: el('trainer-admin').checked });
      el('trainer-name').value = '';
      el('trainer-admin').checked = false;
      this.showSecret(made.name || name, made.password);
    } catch (e) {
      this.toast(e.message);
    }
    await this.loadTrainers();
  }

  async resetPassword(name) {
    const ok = await this.ask({
      title: `New password for ${name}?`,
      text: 'Their old password stops working at once.',
      ok: 'Make a new password',
    });
    if (ok === null) {
      return;
    }
    try {
      const r = await call('POST', `/api/trainers/${encodeURIComponent(name)}/reset-password`);
      this.showSecret(name, r.password);
    } catch (e) {
      this.toast(e.message);
    }
  }

  async setDisabled(name, disabled) {
    try {
      await call('PATCH', `/api/trainers/${encodeURIComponent(name)}`, { disabled });
      this.toast(disabled ? `${name} can no longer log in.` : `${name} can log in again.`);
    } catch (e) {
      this.toast(e.message);
    }
    await this.loadTrainers();
  }

  /** The generated password, shown once until Done is tapped. */
  showSecret(name, password) {
    setText(el('secret-who'), `Password for ${name}`);
    setText(el('secret-value'), password || '');
    el('secret').hidden = false;
  }
}
