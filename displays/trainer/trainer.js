// Trainer tablet: /trainer/[?zone=main-floor][&pair=CODE]
// Commands go through the HTTP API; everything shown comes from MQTT (retained session, progress
// and device status, live alerts) and the shared timeline on the engine-synced clock.

import { deviceIdOf, loadJson, topics } from '../shared/link.js';
import { authFetch, trainerAccess } from '../shared/auth.js';
import { offlineShell } from '../shared/shell.js';
import { AdminViews } from './admin.js';
import { SoundControls, soundNote } from './sound-controls.js';
import { boot } from '../shared/boot.js';
import { ZoneWatcher } from '../shared/zone.js';
import { isLive, phaseAt } from '../shared/timeline.js';
import { el, PHASE_LABEL, seconds, setClass, setText, SIDE_LABEL } from '../shared/words.js';

const ACK_KEY = 'limber.trainer.acknowledged';
const CHOICE_KEY = 'limber.trainer.choice';
const STOP_CONFIRM_MS = 3000;
/** The session state's class on the status line (its colour: trainer.css). */
const STATE_CLASS = { pending: 'starting', running: 'live', paused: 'paused', stopped: 'stopped', finished: 'finished' };

const page = {
  kind: 'trainer',
  deviceId: null, // the trainer's broker login (boot's pair stage)
  zone: null,
  zones: [],
  routines: [],
  policy: null,
  config: null,
  link: null,
  clock: null,
  watcher: null,
  devices: new Map(), // deviceId -> status
  alerts: [], // newest first
  acknowledged: loadAcks(),
  choice: { routineId: null, holdSeconds: 30, reps: 2, lowFlexibility: false },
  busy: false,
};
window.limberPage = page;
page.admin = new AdminViews({ toast, statusOf: (id) => page.devices.get(id) }).start();
page.sound = new SoundControls({ post: (path, body) => api(path, body), toast }).start();

function loadAcks() {
  try {
    const v = JSON.parse(localStorage.getItem(ACK_KEY) || '[]');
    return new Set(Array.isArray(v) ? v.slice(-500) : []);
  } catch (e) {
    return new Set();
  }
}

/** The last routine and options, so a reloaded tablet is ready to start the same again. */
function saveChoice() {
  try {
    localStorage.setItem(CHOICE_KEY, JSON.stringify(page.choice));
  } catch (e) {
    // fine: the defaults come back
  }
}

function loadChoice() {
  try {
    const c = JSON.parse(localStorage.getItem(CHOICE_KEY) || 'null');
    if (c && page.routines.some((r) => r.id === c.routineId)) {
      page.choice.routineId = c.routineId;
    }
    if (c && Number.isInteger(c.holdSeconds)) {
      page.choice.holdSeconds = c.holdSeconds;
    }
    if (c && Number.isInteger(c.reps) && c.reps >= page.policy.minReps && c.reps <= page.policy.maxReps) {
      page.choice.reps = c.reps;
    }
    if (c && typeof c.lowFlexibility === 'boolean') {
      page.choice.lowFlexibility = c.lowFlexibility;
    }
  } catch (e) {
    // ignore a damaged entry
  }
}

function saveAcks() {
  try {
    localStorage.setItem(ACK_KEY, JSON.stringify([...page.acknowledged].slice(-500)));
  } catch (e) {
    // not fatal: acknowledgements then last for this page load only
  }
}

let toastTimer = null;
function toast(text) {
  const t = el('toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, 3500);
}

async function api(path, body) {
  const r = await authFetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await r.json().catch(() => ({}));
  if (!r.ok) {
    throw new Error(json.message || `HTTP ${r.status}`);
  }
  return json;
}

// ---- setup column -------------------------------------------------------------------------

function renderZones() {
  const nav = el('zones');
  nav.setAttribute('role', 'radiogroup');
  nav.replaceChildren(...page.zones.map((z) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.setAttribute('role', 'radio');
    b.dataset.zone = z.id;
    b.textContent = z.name;
    b.setAttribute('aria-checked', String(z.id === page.zone));
    b.addEventListener('click', () => selectZone(z.id));
    return b;
  }));
}

function renderRoutines() {
  const box = el('routines');
  box.replaceChildren(...page.routines.map((r) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'routine';
    b.setAttribute('role', 'radio');
    b.dataset.routine = r.id;
    b.setAttribute('aria-checked', String(r.id === page.choice.routineId));
    const name = document.createElement('strong');
    name.textContent = r.name;
    const meta = document.createElement('span');
    const when = { before: 'before training', after: 'after training', any: 'any time' }[r.timing] || '';
    meta.textContent = `${r.steps.length} stretches · ${when}`;
    b.append(name, meta);
    b.addEventListener('click', () => {
      page.choice.routineId = r.id;
      saveChoice();
      renderRoutines();
    });
    return b;
  }));
}

function renderOptions() {
  const p = page.policy;
  const c = page.choice;
  const maxHold = c.lowFlexibility ? p.lowFlexibilityHoldSeconds : p.maxHoldSeconds;
  c.holdSeconds = Math.max(p.minHoldSeconds, Math.min(maxHold, c.holdSeconds));
  saveChoice();
  setText(el('hold'), `${c.holdSeconds} s`);
  el('hold-minus').disabled = c.holdSeconds <= p.minHoldSeconds;
  el('hold-plus').disabled = c.holdSeconds >= maxHold;
  const reps = el('reps');
  const wanted = [];
  for (let n = p.minReps; n <= p.maxReps; n++) {
    wanted.push(n);
  }
  if (reps.childElementCount !== wanted.length) {
    reps.replaceChildren(...wanted.map((n) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('role', 'radio');
      b.dataset.reps = String(n);
      b.textContent = String(n);
      b.addEventListener('click', () => {
        page.choice.reps = n;
        renderOptions();
      });
      return b;
    }));
  }
  reps.querySelectorAll('button').forEach((b) => b.setAttribute('aria-checked', String(Number(b.dataset.reps) === c.reps)));
  el('low-flex').checked = c.lowFlexibility;
}

async function start() {
  if (!page.choice.routineId) {
    toast('Pick a routine first');
    return;
  }
  const c = page.choice;
  try {
    await api(`/api/zones/${encodeURIComponent(page.zone)}/session`, {
      routineId: c.routineId, holdSeconds: c.holdSeconds, reps: c.reps, lowFlexibility: c.lowFlexibility,
    });
  } catch (e) {
    toast(e.message);
  }
}

// ---- live column --------------------------------------------------------------------------

let stopArmedUntil = null; // performance.now() deadline of an armed Stop, or null

async function command(cmd) {
  if (cmd === 'pause' && el('pause').dataset.cmd === 'resume') {
    cmd = 'resume';
  }
  if (cmd === 'stop' && !stopArmed()) {
    stopArmedUntil = performance.now() + STOP_CONFIRM_MS;
    return; // first tap arms, second tap within 3 s stops
  }
  stopArmedUntil = null;
  try {
    await api(`/api/zones/${encodeURIComponent(page.zone)}/session/${cmd}`);
  } catch (e) {
    toast(e.message);
  }
}

function stopArmed() {
  return stopArmedUntil !== null && performance.now() < stopArmedUntil;
}

function currentView() {
  const live = page.watcher && page.watcher.live;
  if (!live || !page.clock || !page.clock.synced) {
    return null;
  }
  return { msg: live, v: phaseAt(live, page.clock.now()) };
}

function renderLive() {
  const cur = currentView();
  const v = cur && cur.v;
  const liveNow = !!v && isLive(v);
  const pause = el('pause');
  if (v && v.status === 'paused') {
    pause.dataset.cmd = 'resume';
    setText(pause, 'Resume');
  } else {
    pause.dataset.cmd = 'pause';
    setText(pause, 'Pause');
  }
  pause.disabled = !liveNow;
  el('back').disabled = !liveNow;
  el('skip').disabled = !liveNow;
  el('extend').disabled = !(v && (v.status === 'running' || v.status === 'paused')
    && (v.phase.kind === 'hold' || v.phase.kind === 'flow'));
  const stop = el('stop');
  stop.disabled = !liveNow;
  const armed = stopArmed();
  stop.classList.toggle('confirm', armed);
  setText(stop, armed ? 'Tap to stop' : 'Stop');
  el('start').disabled = liveNow || !page.choice.routineId;
  // a disabled Start says what it waits for
  const why = liveNow ? 'A session is on in this zone: stop it to start another.'
    : !page.choice.routineId ? 'Pick a routine above to start.' : '';
  el('start-hint').hidden = !why;
  setText(el('start-hint'), why);

  const side = el('now-side');
  if (!v) {
    const s = page.watcher && page.watcher.session;
    setText(el('live-title'), page.link && page.link.connected ? 'No session' : 'Connecting');
    setClass(el('live-title'), 'now-status');
    el('now').classList.remove('paused');
    setText(el('now-name'), s && s.zoneName ? `${s.zoneName} is free` : 'Pick a routine and press Start');
    setText(el('now-phase'), '');
    setText(el('now-secs'), '');
    side.hidden = true;
  } else {
    const p = v.phase;
    const step = cur.msg.steps[p.stepIndex];
    const status = { pending: 'Starting', running: 'Live', paused: 'Paused', stopped: 'Stopped', finished: 'Finished' }[v.status];
    setText(el('live-title'), `${status} · ${cur.msg.routine.name}`);
    setClass(el('live-title'), `now-status ${STATE_CLASS[v.status]}`);
    el('now').classList.toggle('paused', v.status === 'paused');
    setText(el('now-name'), `${p.stepIndex + 1}. ${step.name}`);
    setText(el('now-phase'), liveNow ? `${PHASE_LABEL[p.kind]}${p.reps > 1 ? ` · round ${p.rep} of ${p.reps}` : ''}` : '');
    setText(el('now-secs'), liveNow ? String(seconds(v.remainingMs)) : '');
    side.hidden = !liveNow || p.side === 'none';
    side.className = `now-side ${p.side}`;
    setText(side, SIDE_LABEL[p.side]);
  }
  renderSteps(cur);
}

function renderSteps(cur) {
  const list = el('steps');
  const msg = cur ? cur.msg : null;
  const key = msg ? msg.sessionId : '';
  if (list.dataset.session !== key) {
    list.dataset.session = key;
    list.replaceChildren(...(msg ? msg.steps : []).map((s) => {
      const li = document.createElement('li');
      li.dataset.step = String(s.index);
      const name = document.createElement('span');
      name.textContent = `${s.index + 1}. ${s.name}`;
      const done = document.createElement('span');
      done.className = 'n done';
      done.title = 'done';
      const skip = document.createElement('span');
      skip.className = 'n skipped';
      skip.title = 'skipped';
      const pain = document.createElement('span');
      pain.className = 'n pain';
      pain.title = 'pain reports';
      li.append(name, done, skip, pain);
      return li;
    }));
  }
  if (!msg) {
    setText(el('participants'), '');
    return;
  }
  const progress = page.watcher.progressFor(msg.sessionId);
  const live = isLive(cur.v);
  list.querySelectorAll('li').forEach((li) => {
    const i = Number(li.dataset.step);
    li.classList.toggle('current', live && cur.v.phase.stepIndex === i);
    const s = progress && progress.steps[i];
    setText(li.querySelector('.done'), `✓ ${s ? s.done : 0}`);
    setText(li.querySelector('.skipped'), `↷ ${s ? s.skipped : 0}`);
    setText(li.querySelector('.pain'), s && s.pain ? `! ${s.pain}` : '');
  });
  setText(el('participants'), progress ? `· ${progress.participants} taking part` : '');
  // the steps panel scrolls: bring the current step into view whenever it changes
  const current = live ? `${msg.sessionId}:${cur.v.phase.stepIndex}` : '';
  if (list.dataset.current !== current) {
    list.dataset.current = current;
    const li = list.querySelector('li.current');
    const panel = list.closest('.panel');
    if (li && panel) {
      const r = li.getBoundingClientRect();
      const box = panel.getBoundingClientRect();
      if (r.top < box.top || r.bottom > box.bottom) {
        panel.scrollTop += r.top - box.top - (box.height - r.height) / 2;
      }
    }
  }
}

function renderDevices() {
  const list = el('devices');
  const rows = [...page.devices.entries()]
    .filter(([, s]) => s.state === 'online' && (s.kind === 'display' || s.kind === 'watch')
      && (!s.zone || s.zone === page.zone))
    .sort((a, b) => (a[1].kind + a[0]).localeCompare(b[1].kind + b[0]));
  list.replaceChildren(...rows.map(([id, s]) => {
    const li = document.createElement('li');
    li.dataset.device = id;
    li.dataset.kind = s.kind;
    const name = document.createElement('span');
    name.textContent = id;
    const kind = document.createElement('span');
    kind.className = 'kind';
    kind.textContent = s.kind === 'display' ? 'screen' : 'watch';
    li.append(name, kind);
    const note = soundNote(s);
    if (note) {
      const sound = document.createElement('span');
      sound.className = s.sound === 'blocked' ? 'sound-note needs-tap' : 'sound-note';
      sound.textContent = note;
      li.append(sound);
    }
    return li;
  }));
  if (rows.length === 0) {
    const li = document.createElement('li');
    li.className = 'none';
    li.textContent = 'none yet';
    list.replaceChildren(li);
  }
}

// ---- alerts -------------------------------------------------------------------------------

function onAlert(topic, a) {
  if (!a || typeof a.eventId !== 'string' || page.alerts.some((x) => x.eventId === a.eventId)) {
    return;
  }
  page.alerts.unshift(a);
  page.alerts = page.alerts.slice(0, 100);
  renderAlerts();
}

/**
 * Alerts are not retained: a tablet that was offline or reloaded would miss one. The retained
 * progress message counts pain reports per step, so any report beyond the alerts we hold becomes a
 * stand-in alert (with a stable id, so acknowledging it sticks across reloads).
 */
function missedAlerts() {
  const msg = page.watcher && page.watcher.live;
  const progress = msg ? page.watcher.progressFor(msg.sessionId) : null;
  if (!progress) {
    return [];
  }
  const out = [];
  for (const s of progress.steps) {
    const known = page.alerts.filter((a) => a.sessionId === msg.sessionId && a.stepIndex === s.stepIndex).length;
    for (let k = known + 1; k <= s.pain; k++) {
      out.push({
        eventId: `missed:${msg.sessionId}:${s.stepIndex}:${k}`, zone: msg.zone, deviceId: 'A participant',
        sessionId: msg.sessionId, stepIndex: s.stepIndex, stretch: msg.steps[s.stepIndex].name,
        serverTime: progress.serverTime,
      });
    }
  }
  return out;
}

/** The k-th alert of a step also answers for the stand-in that would take its place after a reload. */
function acknowledge(a) {
  page.acknowledged.add(a.eventId);
  if (!a.eventId.startsWith('missed:') && a.zone) {
    // tell the engine too: it lifts the stop line on the screens once every report is seen
    api(`/api/zones/${encodeURIComponent(a.zone)}/alerts/${encodeURIComponent(a.eventId)}/ack`).catch(() => {});
  }
  if (!a.eventId.startsWith('missed:')) {
    const same = page.alerts.filter((x) => x.sessionId === a.sessionId && x.stepIndex === a.stepIndex).reverse();
    page.acknowledged.add(`missed:${a.sessionId}:${a.stepIndex}:${same.indexOf(a) + 1}`);
  }
  saveAcks();
  renderAlerts();
}

function renderAlerts() {
  const open = [...page.alerts, ...missedAlerts()].filter((a) => !page.acknowledged.has(a.eventId));
  const box = el('alerts');
  box.hidden = open.length === 0;
  const pill = el('alert-pill');
  pill.hidden = open.length === 0;
  setText(pill, `${open.length} pain ${open.length === 1 ? 'report' : 'reports'}`);
  document.title = open.length ? `(${open.length}) Pain reported · Limber` : 'Limber · trainer';
  const list = el('alert-list');
  list.replaceChildren(...open.map((a) => {
    const li = document.createElement('li');
    li.dataset.event = a.eventId;
    const text = document.createElement('div');
    const who = document.createElement('div');
    who.className = 'who';
    who.textContent = `${a.deviceId} · ${zoneName(a.zone)}`;
    const what = document.createElement('div');
    what.className = 'what';
    const when = new Date(Date.now() - Math.max(0, (page.clock && page.clock.synced ? page.clock.now() : a.serverTime) - a.serverTime));
    what.textContent = `During “${a.stretch}” at ${when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}. Check on them in person.`;
    text.append(who, what);
    const ack = document.createElement('button');
    ack.type = 'button';
    ack.className = 'ack';
    ack.textContent = 'Acknowledge';
    ack.addEventListener('click', () => acknowledge(a));
    li.append(text, ack);
    return li;
  }));
}

function zoneName(id) {
  const z = page.zones.find((x) => x.id === id);
  return z ? z.name : id;
}

// ---- wiring -------------------------------------------------------------------------------

function selectZone(id) {
  page.zone = id;
  try {
    localStorage.setItem('limber.trainer.zone', id);
  } catch (e) {
    // fine
  }
  const u = new URL(location.href);
  u.searchParams.set('zone', id);
  history.replaceState(null, '', u);
  if (page.watcher) {
    page.watcher.stop();
  }
  page.watcher = new ZoneWatcher(page.link, id).start();
  page.watcher.onChange(renderAlerts);
  page.sound.select(id);
  renderZones();
  renderDevices();
}

function render() {
  renderLive();
  el('conn').hidden = !page.clock || !page.clock.lost; // socket closed, or no pong for 1.5 s
}

/** For tests and diagnostics: renders now and says what the tablet shows. */
page.sample = () => {
  render();
  const cur = currentView();
  return {
    engineNow: page.clock ? page.clock.now() : NaN,
    status: cur ? cur.v.status : null,
    phaseIndex: cur ? cur.v.phaseIndex : -1,
    remainingMs: cur ? cur.v.remainingMs : null,
    sessionId: cur ? cur.msg.sessionId : null,
  };
};

function loop() {
  requestAnimationFrame(loop);
  render();
}

boot(page, {
  access: trainerAccess(),
  load: async () => {
    const [policy, routines, zones] = await Promise.all([
      loadJson('/api/policy'), loadJson('/api/routines'), loadJson('/api/zones'),
    ]);
    return { policy, routines, zones };
  },
  status: () => ({ kind: 'trainer', zone: null }),
  subscribe: ({ config, policy, routines, zones }) => {
    page.config = config;
    page.policy = policy;
    page.routines = routines;
    page.zones = zones;
    page.choice.holdSeconds = policy.defaultHoldSeconds;
    page.choice.reps = policy.defaultReps;
    loadChoice();
    setText(el('extend'), `+${config.extendSeconds || policy.extendSeconds} s`);
    const wanted = new URLSearchParams(location.search).get('zone') || localStorage.getItem('limber.trainer.zone');
    const zone = zones.find((z) => z.id === wanted) ? wanted : zones[0].id;

    page.link.subscribe(topics.statusAll, 1, (topic, s) => {
      const id = deviceIdOf(topic);
      if (!s) {
        page.devices.delete(id);
      } else if (typeof s.state === 'string' && typeof s.kind === 'string') {
        page.devices.set(id, s);
      }
      renderDevices();
    });
    page.link.subscribe(topics.alertsAll, 1, onAlert);
    page.sound.subscribe(page.link);
    selectZone(zone);
  },
  ready: ({ config, policy }) => {
    offlineShell(config);
    renderRoutines();
    renderOptions();
    el('hold-minus').addEventListener('click', () => { page.choice.holdSeconds -= 5; renderOptions(); });
    el('hold-plus').addEventListener('click', () => { page.choice.holdSeconds += 5; renderOptions(); });
    el('low-flex').addEventListener('change', (e) => {
      page.choice.lowFlexibility = e.target.checked;
      if (e.target.checked) {
        page.choice.holdSeconds = policy.lowFlexibilityHoldSeconds;
        page.choice.reps = policy.lowFlexibilityReps;
      }
      renderOptions();
    });
    el('start').addEventListener('click', start);
    document.querySelectorAll('.controls button').forEach((b) => b.addEventListener('click', () => command(b.dataset.cmd)));
    el('alert-pill').addEventListener('click', () => { el('alerts').hidden = false; });
    renderAlerts();
    requestAnimationFrame(loop);
  },
});
