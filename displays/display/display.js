// Wall display: /display/ (pairs itself, see shared/pairing.js), or provisioned as code:
// /display/?zone=main-floor&device=display-3&key=…
// Every animation frame is computed from the retained session message and the engine-synced clock;
// message arrival only replaces the plan/anchors, it never moves the countdown by itself.

import { boot, zoneOrFirst } from '../shared/boot.js';
import { deviceAccess } from '../shared/pairing.js';
import { ZoneWatcher } from '../shared/zone.js';
import { SoundPlayer } from './sound.js';
import { endsAt, isLive, nextPhase, phaseAt, stepFractions } from '../shared/timeline.js';
import { el, nextLabel, PHASE_LABEL, seconds, setAttr, setClass, setText, SIDE_LABEL } from '../shared/words.js';

const RING = 565.487; // 2 * PI * 90, the ring's circumference in SVG units
const SAFETY_ROTATE_MS = 15000;
const END_SCREEN_MS = 120000; // then back to the start screen (with the consult note) for the next class

const params = new URLSearchParams(location.search);
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

const page = {
  kind: 'display',
  zone: params.get('zone'),
  deviceId: null, // set in boot's pair stage
  paired: null,
  link: null,
  clock: null,
  watcher: null,
  lastFrame: null,
  frames: 0,
  sound: null,
};
window.limberPage = page;

/** What the screen shows at engine instant t (also what the tests sample). */
function frameAt(t) {
  const msg = page.watcher && page.watcher.session;
  if (!msg) {
    return { mode: 'connecting' };
  }
  const live = page.watcher.live;
  if (!live) {
    return { mode: 'idle', msg };
  }
  if (!page.clock || !page.clock.synced) {
    return { mode: 'connecting', msg };
  }
  const v = phaseAt(live, t);
  if (!isLive(v) && t - endsAt(live) > END_SCREEN_MS) {
    return { mode: 'idle', msg: live, t };
  }
  let mode;
  switch (v.status) {
    case 'pending': mode = 'pending'; break;
    case 'paused': mode = 'paused'; break;
    case 'running': mode = 'running'; break;
    default: mode = 'ended';
  }
  return { mode, msg: live, view: v, t };
}

function render(f) {
  const body = document.body;
  const mode = f.mode === 'pending' ? 'idle' : f.mode;
  const cls = [`mode-${f.mode}`];
  const msg = f.msg;
  const v = f.view;

  if (msg) {
    setText(el('zone-name'), msg.zoneName || msg.zone || '');
    setText(el('routine-name'), msg.routine && f.view ? msg.routine.name : '');
    if (msg.safety) {
      setText(el('consult'), msg.safety.consultNote || '');
    }
  }

  // an open pain report (msg.attention) takes over the middle of the screen until the trainer has seen it
  const attention = msg && msg.attention ? msg.attention : null;
  el('stop').hidden = !attention;
  el('live').hidden = !!attention || !(mode === 'running' || mode === 'paused');
  el('idle').hidden = !!attention || !(mode === 'idle' || mode === 'connecting');
  el('end').hidden = !!attention || mode !== 'ended';
  el('paused').hidden = !!attention || mode !== 'paused';
  if (attention) {
    cls.push('attention');
    setText(el('stop-kicker'), attention.open > 1 ? `${attention.open} pain reports` : 'Pain reported');
    setText(el('stop-line'), attention.message || (msg.safety && msg.safety.stopLine) || 'Stop if it hurts.');
    el('stop-sub').hidden = mode !== 'paused';
    setText(el('stop-sub'), 'The session is paused until your trainer resumes it.');
  }

  // start screen: waiting, or a session that begins in a moment
  if (f.mode === 'connecting') {
    setText(el('idle-title'), 'Connecting…');
    setText(el('idle-sub'), 'This screen will join the session by itself.');
  } else if (f.mode === 'idle') {
    setText(el('idle-title'), 'Waiting for your trainer');
    setText(el('idle-sub'), 'The next routine will show up here as soon as it starts.');
  } else if (f.mode === 'pending') {
    setText(el('idle-title'), msg.routine.name);
    setText(el('idle-sub'), `Starting now with ${msg.steps[0].name}`);
  }

  if (v && (mode === 'running' || mode === 'paused')) {
    const p = v.phase;
    const step = msg.steps[p.stepIndex];
    cls.push(`phase-${p.kind}`);
    if (p.side !== 'none') {
      cls.push(`side-${p.side}`);
    }
    const work = p.kind === 'hold' || p.kind === 'flow';
    if (work && v.remainingMs <= 5000 && mode === 'running') {
      cls.push('warn');
    }
    setText(el('phase'), PHASE_LABEL[p.kind]);
    setText(el('name'), step.name);
    const how = el('how');
    const lines = (step.how || []).slice(0, 2);
    const key = `${msg.sessionId}:${step.index}`;
    if (how.dataset.key !== key) {
      how.dataset.key = key;
      how.replaceChildren(...lines.map((line) => {
        const li = document.createElement('li');
        li.textContent = line;
        return li;
      }));
    }
    const fb = el('fallback');
    fb.hidden = !(step.fallback && p.kind === 'prepare');
    setText(fb, step.fallback || '');
    el('side').hidden = p.side === 'none';
    setText(el('side-word'), SIDE_LABEL[p.side]);
    const secs = seconds(v.remainingMs);
    setText(el('secs'), String(secs));
    // reduced motion: the ring moves in whole-second steps instead of sweeping
    const left = reducedMotion.matches ? Math.min(v.durationMs, secs * 1000) : v.remainingMs;
    const frac = v.durationMs > 0 ? Math.max(0, Math.min(1, left / v.durationMs)) : 0;
    setAttr(el('arc'), 'stroke-dashoffset', (RING * (1 - frac)).toFixed(2));
    setText(el('rep'), p.reps > 1 ? `Round ${p.rep} of ${p.reps}` : '');
    setText(el('next'), nextLabel(msg, v, nextPhase(msg, v)));
  } else if (f.mode === 'pending') {
    setText(el('next'), `First up: ${msg.steps[0].name}`);
  } else if (mode === 'ended') {
    const finished = v.status === 'finished';
    setText(el('end-title'), finished ? 'Nice work' : 'Session ended');
    setText(el('end-sub'), finished
      ? 'That was the whole routine. Have some water and keep moving gently for a minute.'
      : 'Your trainer has ended the session.');
    // the line that matters most gets a panel of its own, wrapped, never cut short
    setText(el('end-stop'), msg.safety ? msg.safety.stopLine : '');
    setText(el('next'), '');
  } else {
    setText(el('next'), '');
  }

  // progress strip
  const strip = el('strip');
  if (msg && msg.steps && v) {
    if (strip.dataset.session !== msg.sessionId) {
      strip.dataset.session = msg.sessionId;
      strip.replaceChildren(...msg.steps.map((s) => {
        const li = document.createElement('li');
        li.title = s.name;
        li.appendChild(document.createElement('span'));
        return li;
      }));
    }
    const fr = stepFractions(msg, v);
    strip.querySelectorAll('li').forEach((li, i) => {
      li.classList.toggle('current', isLive(v) && v.phase.stepIndex === i);
      const w = `${(fr[i] * 100).toFixed(1)}%`;
      if (li.firstChild.style.width !== w) {
        li.firstChild.style.width = w;
      }
    });
  } else if (strip.childElementCount) {
    strip.dataset.session = '';
    strip.replaceChildren();
  }

  // done count for the step on show
  const done = el('done');
  const progress = msg && msg.sessionId ? page.watcher.progressFor(msg.sessionId) : null;
  if (progress && v && isLive(v) && progress.participants > 0) {
    const s = progress.steps[v.phase.stepIndex];
    done.hidden = false;
    setText(done, `✓ ${s ? s.done : 0} of ${progress.participants} done`);
  } else {
    done.hidden = true;
  }

  // calm safety line; rotates on the engine clock so every screen shows the same one. While a pain
  // report is open the stop line fills the screen, and this line says the trainer knows.
  if (attention) {
    setText(el('safety'), 'Your trainer has been alerted.');
    el('safety').classList.add('attention');
  } else if (msg && msg.safety) {
    const lines = [msg.safety.gentleLine, msg.safety.breathingLine].filter(Boolean);
    const t = Number.isFinite(f.t) ? f.t : 0;
    setText(el('safety'), lines.length ? lines[Math.floor(t / SAFETY_ROTATE_MS) % lines.length] : '');
    el('safety').classList.remove('attention');
  }

  // engine out of reach (socket closed, or no pong for 1.5 s though it looks open): say so, and that the
  // timeline on show is the last one known; the countdown keeps running from it meanwhile
  el('conn').hidden = !page.clock || !page.clock.lost;

  setClass(body, cls.join(' '));
  page.lastFrame = f;
}

/** For tests and diagnostics: the frame for this instant plus what the DOM shows. */
page.sample = () => {
  const t = page.clock ? page.clock.now() : NaN;
  const f = frameAt(t);
  render(f);
  const v = f.view;
  return {
    engineNow: t,
    mode: f.mode,
    status: v ? v.status : null,
    phaseIndex: v ? v.phaseIndex : -1,
    remainingMs: v ? v.remainingMs : null,
    elapsedMs: v ? v.elapsedMs : null,
    durationMs: v ? v.durationMs : null,
    secondsText: el('secs').textContent,
    sessionId: f.msg ? f.msg.sessionId : null,
    revision: f.msg ? f.msg.revision : null,
  };
};

function loop() {
  requestAnimationFrame(loop);
  page.frames++;
  render(frameAt(page.clock ? page.clock.now() : NaN));
}

let wakeLock = null;
async function keepAwake() {
  if (!('wakeLock' in navigator) || document.visibilityState !== 'visible' || (wakeLock && !wakeLock.released)) {
    return;
  }
  try {
    wakeLock = await navigator.wakeLock.request('screen');
  } catch (e) {
    wakeLock = null; // not allowed here (plain http, power saving): the kiosk setting covers it
  }
}

boot(page, {
  access: deviceAccess('display', { qr: true }),
  load: async () => {
    page.zone = await zoneOrFirst(page.zone);
    return {};
  },
  // the session arrives while the clock syncs; frameAt shows nothing time-critical before the sync
  early: () => {
    page.watcher = new ZoneWatcher(page.link, page.zone).start();
  },
  subscribe: () => {
    // sound once the screen has drawn: making its tones takes a moment, and the session shows first
    // (sounds are planned from the watcher's timeline whenever they start, so none is missed)
    requestAnimationFrame(() => setTimeout(() => {
      if (!page.sound) {
        page.sound = new SoundPlayer(page).start(); // one audio context for the life of the page
      }
      page.sound.subscribe();
    }, 0));
  },
  ready: () => {
    requestAnimationFrame(loop);
    keepAwake();
    document.addEventListener('visibilitychange', keepAwake);
  },
});
