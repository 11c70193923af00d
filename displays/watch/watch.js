// Watch companion: /watch/ (pairs itself, see shared/pairing.js), or provisioned as code:
// /watch/?zone=main-floor&device=watch-17&key=…
// Shows the stretch, side and seconds from the shared timeline; buzzes on engine cues at their
// instant; done / skip / pain go out as device events with unique ids, retried until the engine
// answers them.

import { topics } from '../shared/link.js';
import { boot, zoneOrFirst } from '../shared/boot.js';
import { deviceAccess } from '../shared/pairing.js';
import { offlineShell } from '../shared/shell.js';
import { ZoneWatcher } from '../shared/zone.js';
import { EventOutbox } from '../shared/events.js';
import { CuePlayer, PATTERNS } from '../shared/cues.js';
import { phaseAt } from '../shared/timeline.js';
import { el, PHASE_SHORT, seconds, setClass, setText, SIDE_LABEL } from '../shared/words.js';

const params = new URLSearchParams(location.search);

const page = {
  kind: 'watch',
  zone: params.get('zone'),
  deviceId: null, // set in boot's pair stage
  paired: null,
  link: null,
  clock: null,
  watcher: null,
  outbox: null,
  joined: false,
  choices: new Map(), // `${sessionId}:${step}` -> 'done' | 'skip'
  vibrations: [],
};
window.limberPage = page;

function frameAt(t) {
  const live = page.watcher && page.watcher.live;
  if (!page.watcher || !page.watcher.session) {
    return { mode: 'connecting' };
  }
  if (!live) {
    return { mode: 'idle', msg: page.watcher.session };
  }
  if (!page.clock || !page.clock.synced) {
    return { mode: 'connecting', msg: live };
  }
  const v = phaseAt(live, t);
  const mode = v.status === 'running' || v.status === 'paused' ? v.status : v.status === 'pending' ? 'pending' : 'ended';
  return { mode, msg: live, view: v, t };
}

function render(f) {
  const cls = [`mode-${f.mode}`];
  if (!page.clock || page.clock.lost) {
    cls.push('offline'); // socket closed, or no pong for 1.5 s
  }
  const v = f.view;
  const stepEvents = f.mode === 'running' || f.mode === 'paused';
  if (stepEvents) {
    const p = v.phase;
    const step = f.msg.steps[p.stepIndex];
    cls.push(`phase-${p.kind}`);
    if (p.side !== 'none') {
      cls.push(`side-${p.side}`);
    }
    setText(el('name'), step.name);
    el('side').hidden = p.side === 'none';
    setText(el('side'), SIDE_LABEL[p.side]);
    setText(el('secs'), String(seconds(v.remainingMs)));
    const round = p.reps > 1 ? ` · round ${p.rep}/${p.reps}` : '';
    setText(el('phase'), f.mode === 'paused' ? 'Paused' : `${PHASE_SHORT[p.kind]}${round}`);
    const choice = page.choices.get(`${f.msg.sessionId}:${p.stepIndex}`);
    el('done').classList.toggle('chosen', choice === 'done');
    el('skip').classList.toggle('chosen', choice === 'skip');
  } else {
    el('side').hidden = true;
    setText(el('secs'), '');
    setText(el('phase'), '');
    setText(el('name'), f.msg ? (f.msg.zoneName || f.msg.zone) : 'Limber');
    let msg = 'Connecting…';
    if (f.mode === 'idle') {
      msg = 'Waiting to start';
    } else if (f.mode === 'pending') {
      msg = 'Starting…';
    } else if (f.mode === 'ended') {
      msg = v.status === 'finished' ? 'All done!' : 'Session ended';
    }
    setText(el('msg'), msg);
  }
  el('done').disabled = !stepEvents;
  el('skip').disabled = !stepEvents;
  el('pain').disabled = !stepEvents;
  setClass(document.body, cls.join(' '));
}

/** For tests and diagnostics: renders the frame for this instant and says what it shows. */
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
    kind: v ? v.phase.kind : null,
    side: v ? v.phase.side : null,
    stepIndex: v ? v.phase.stepIndex : -1,
    remainingMs: v ? v.remainingMs : null,
    elapsedMs: v ? v.elapsedMs : null,
    sessionId: f.msg ? f.msg.sessionId : null,
  };
};

function loop() {
  requestAnimationFrame(loop);
  render(frameAt(page.clock ? page.clock.now() : NaN));
}

let toastTimer = null;
function toast(text, pain) {
  const t = el('toast');
  t.textContent = text;
  t.classList.toggle('pain', !!pain);
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, pain ? 5000 : 1800);
}

function buzz(kind, cue) {
  const pattern = PATTERNS[kind];
  page.vibrations.push({ kind, at: cue.at, engineNow: page.clock.synced ? page.clock.now() : NaN });
  if (page.vibrations.length > 100) {
    page.vibrations.shift();
  }
  if (pattern && typeof navigator.vibrate === 'function') {
    try {
      navigator.vibrate(pattern);
    } catch (e) {
      // no motor, or not allowed before a tap: the screen still shows the change
    }
  }
}

/** done / skip / pain about the step on show. */
function press(type) {
  if (!page.clock) {
    return; // starting over (moved to another zone): the buttons come back in a moment
  }
  const f = frameAt(page.clock.now());
  if (!(f.mode === 'running' || f.mode === 'paused')) {
    return;
  }
  const step = f.view.phase.stepIndex;
  const key = `${f.msg.sessionId}:${step}`;
  if (type !== 'pain' && page.choices.get(key) === type) {
    toast(type === 'done' ? 'Already counted ✓' : 'Already skipped');
    return;
  }
  page.outbox.send(type, { zone: page.zone, sessionId: f.msg.sessionId, stepIndex: step });
  if (type === 'pain') {
    toast('Trainer alerted. Ease off.', true);
    if (typeof navigator.vibrate === 'function') {
      navigator.vibrate(0);
    }
  } else {
    page.choices.set(key, type);
    toast(type === 'done' ? 'Done ✓' : 'Skipped');
  }
}

function join() {
  el('join').hidden = true;
  page.joined = true;
  // the tap also lets the browser vibrate later (vibration needs a user gesture first)
  page.outbox.send('join', { zone: page.zone });
}

boot(page, {
  access: deviceAccess('watch'),
  load: async () => {
    page.zone = await zoneOrFirst(page.zone);
    setText(el('join-zone'), page.zone);
    return {};
  },
  early: () => {
    page.watcher = new ZoneWatcher(page.link, page.zone).start({ progress: false });
    page.watcher.onChange(() => {
      const s = page.watcher.session;
      if (s && s.zoneName) {
        setText(el('join-zone'), s.zoneName);
      }
    });
  },
  subscribe: () => {
    page.outbox = new EventOutbox(page.link, page.deviceId, { clock: page.clock }).start();
    page.outbox.onChange((acked) => {
      if (acked) {
        document.body.dataset.acked = acked;
      }
    });
    const player = new CuePlayer(page.clock, buzz, { epoch: () => page.watcher.epoch });
    page.link.subscribe(topics.cue(page.zone), 1, (topic, cue) => {
      // every cue tells the watcher which owner of the zone is speaking, joined or not
      if (page.watcher.current(cue) && page.joined) {
        player.offer(cue);
      }
    });
    page.link.onConnect(() => {
      if (page.joined) {
        page.outbox.send('join', { zone: page.zone });
      }
    });
  },
  ready: ({ config }) => {
    offlineShell(config);
    el('join').addEventListener('click', join);
    el('done').addEventListener('click', () => press('done'));
    el('skip').addEventListener('click', () => press('skip'));
    el('pain').addEventListener('click', () => press('pain'));
    requestAnimationFrame(loop);
  },
});
