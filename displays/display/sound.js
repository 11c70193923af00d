// The wall display's sound: every cue of the zone's timeline, scheduled on the AudioContext at its
// engine instant so that every screen in the room sounds it at the same moment (never "play on
// arrival"). The instant goes engine clock -> this page's local clock (the synced ClockSync) -> the
// context's time through getOutputTimestamp (which includes the output latency), see OutputMap in
// soundplan.js.
//
// A registry holds every source scheduled and not yet finished. Several times a second, and at once
// when a new session message arrives, the player asks soundplan.js what should sound in the next
// HORIZON_MS: a source no longer on that list (pause, skip, back, extend, stop, sound turned off) is
// stopped before it starts; a new one is scheduled; one whose mapped time has moved (the clock slewed)
// is scheduled again. Sounds already playing are left alone.
//
// Browsers hold sound back until someone touches the page, unless the kiosk is started with
// --autoplay-policy=no-user-gesture-required. Then the screen shows one big "tap for sound" panel,
// and its status message tells the tablet that this screen needs a tap.

import { topics } from '../shared/link.js';
import { OutputMap, soundsBetween } from '../shared/soundplan.js';
import { makeTones } from './tones.js';

const HORIZON_MS = 2500;
const TICK_MS = 100;
/** A scheduled source is moved when its mapped start has drifted more than this (seconds). */
const MOVE_S = 0.0008;
/** Sources starting sooner than this (seconds) are left as they are: too late to move cleanly. */
const FROZEN_S = 0.03;
/** Sounds that began up to this long ago (the longest prompt) may still be playing (ms). */
const PAST_MS = 6000;
/** A playing sound the timeline no longer has fades out over FADE_S, silent CUT_BEFORE_S before the change. */
const FADE_S = 0.02;
const CUT_BEFORE_S = 0.06;
/** How long the context may take to start by itself before the screen asks for a tap. */
const BLOCKED_AFTER_MS = 800;

export class SoundPlayer {
  constructor(page) {
    this.page = page;
    this.setting = { mode: 'voice', volume: 80 };
    this.ctx = null;
    this.master = null;
    this.tones = {};
    this.clips = {}; // clip key -> AudioBuffer, only those decoded
    this.scheduled = new Map(); // key -> {at, when, source, sound}
    this.output = new OutputMap();
    this.state = 'starting';
    this.timer = null;
    this.unsubscribe = null;
    this.startedAt = performance.now();
    this.log = []; // the last things scheduled and cancelled, for diagnostics
  }

  note(what, key, when) {
    this.log.push(`${what} ${key} @${when.toFixed(4)} ctx=${this.ctx.currentTime.toFixed(4)}`);
    if (this.log.length > 300) {
      this.log.shift();
    }
  }

  /** Makes the context (once per page load) and starts planning. */
  start() {
    const AC = window.AudioContext || window.webkitAudioContext;
    if (!AC) {
      this.report('unsupported');
      return this;
    }
    // Every sound is scheduled ahead on the synced clock and the output's delay is measured, so a long
    // output buffer costs nothing here, and it keeps a busy screen's audio thread from rendering late.
    this.ctx = new AC({ latencyHint: 'playback' });
    this.master = this.ctx.createGain();
    this.master.connect(this.ctx.destination);
    this.applyVolume();
    this.tones = makeTones(this.ctx);
    this.ctx.addEventListener('statechange', () => this.refreshState());
    this.loadClips();
    const overlay = document.getElementById('sound-overlay');
    if (overlay) {
      // a tap anywhere on it counts: the browser allows sound from inside that tap
      overlay.addEventListener('click', () => this.ctx.resume().then(() => this.refreshState()));
    }
    this.timer = setInterval(() => {
      this.output.add(this.ctx.getOutputTimestamp());
      this.refreshState();
      this.plan();
    }, TICK_MS);
    return this;
  }

  /** (Re)subscribes to the zone's sound setting on the current link: call on every boot attempt. */
  subscribe() {
    if (this.unsubscribe) {
      this.unsubscribe();
    }
    this.unsubscribe = this.page.link.subscribe(topics.sound(this.page.zone), 1, (t, m) => this.apply(m));
    this.page.watcher.onChange(() => this.plan());
    this.reported = null; // a new link: say the state again
    this.refreshState();
  }

  /** A retained sound message: mode and volume apply at once, to sounds already scheduled too. */
  apply(m) {
    if (!m || m.zone !== this.page.zone || !['off', 'tones', 'voice'].includes(m.mode)
        || !Number.isInteger(m.volume) || m.volume < 0 || m.volume > 100) {
      return;
    }
    this.setting = { mode: m.mode, volume: m.volume };
    this.applyVolume();
    this.refreshState();
    this.plan();
  }

  applyVolume() {
    if (this.master) {
      // loudness is heard roughly as the square of the gain
      const v = this.setting.volume / 100;
      this.master.gain.setValueAtTime(v * v, this.ctx.currentTime);
    }
  }

  async loadClips() {
    try {
      const r = await fetch('/sounds/manifest.json', { cache: 'no-store' });
      const manifest = await r.json();
      await Promise.all(Object.entries(manifest.clips || {}).map(async ([key, file]) => {
        try {
          const data = await (await fetch(`/sounds/${file}`)).arrayBuffer();
          this.clips[key] = await this.ctx.decodeAudioData(data);
        } catch (e) {
          // that prompt is left out; its tones still play
        }
      }));
    } catch (e) {
      // no voice at all: tones still play
    }
  }

  /** ready | blocked | off | unsupported, shown on screen and reported in the status message. */
  refreshState() {
    if (!this.ctx) {
      return;
    }
    let state;
    if (this.setting.mode === 'off') {
      state = 'off';
    } else if (this.ctx.state === 'running') {
      state = 'ready';
    } else if (performance.now() - this.startedAt < BLOCKED_AFTER_MS) {
      state = 'starting';
      this.ctx.resume().catch(() => {}); // allowed by the kiosk flag; otherwise waits for the tap
    } else {
      state = 'blocked';
    }
    this.state = state;
    const overlay = document.getElementById('sound-overlay');
    if (overlay) {
      overlay.hidden = state !== 'blocked';
    }
    if (state !== 'starting') {
      this.report(state);
    }
  }

  report(state) {
    this.state = state;
    if (this.reported !== state && this.page.link && this.page.link.updateStatus) {
      this.reported = state;
      this.page.link.updateStatus({ sound: state });
    }
  }

  /** Engine instant -> context time, through the synced clock and the output timestamps. */
  contextTime(engineMs) {
    const ctx = this.ctx;
    return this.output.contextTimeFor(this.page.clock.toLocal(engineMs),
      { currentTime: ctx.currentTime, localMs: performance.now(), outputLatency: ctx.outputLatency });
  }

  plan() {
    const { clock, watcher } = this.page;
    if (!this.ctx || this.ctx.state !== 'running' || !clock || !clock.synced || !watcher) {
      return;
    }
    const now = clock.now();
    const live = watcher.live;
    const { mode } = this.setting;
    const wanted = live ? soundsBetween(live, now - PAST_MS, now + HORIZON_MS, mode, this.clips) : [];
    const valid = new Set(wanted.map((w) => w.key));
    // a sound still playing that the new timeline no longer has stops just before the change's instant,
    // on every screen alike (a prompt cut short by a skip, a chime by a new session, anything by "off")
    const change = live ? live.anchors[live.anchors.length - 1].at : now;
    const ctxNow = this.ctx.currentTime;
    for (const [key, s] of this.scheduled) {
      if (s.when + s.duration < ctxNow) {
        this.scheduled.delete(key); // played out
      } else if (!valid.has(key) && s.when > ctxNow) {
        this.cancel(key, s);
      } else if (!valid.has(key) && !s.cut) {
        this.cut(key, s, Math.max(ctxNow + FADE_S, this.contextTime(change) - CUT_BEFORE_S));
      }
    }
    for (const w of wanted) {
      if (w.at < now) {
        const s = this.scheduled.get(w.key);
        if (s) {
          this.cutAtChange(w, s, ctxNow); // playing: it may have to stop at a change made since
        }
        continue; // already due: it is playing, or it came too late to play on time
      }
      const when = this.contextTime(w.at);
      const s = this.scheduled.get(w.key);
      if (s && (Math.abs(s.when - when) <= MOVE_S || s.when - ctxNow < FROZEN_S)) {
        this.cutAtChange(w, s, ctxNow);
        continue;
      }
      if (s) {
        this.cancel(w.key, s);
      }
      const buffer = w.sound === 'voice' ? this.clips[w.clip] : this.tones[w.sound];
      if (buffer && when > ctxNow + 0.005) {
        const source = this.ctx.createBufferSource();
        const gain = this.ctx.createGain();
        source.buffer = buffer;
        source.connect(gain);
        gain.connect(this.master);
        source.start(when);
        this.scheduled.set(w.key, { at: w.at, when, source, gain, sound: w.sound, duration: buffer.duration });
        this.note(s ? 'moved' : 'scheduled', w.key, when);
      }
    }
  }

  /** A sound that would still ring when the timeline changes (w.until) stops just before the change. */
  cutAtChange(w, s, ctxNow) {
    if (s.cut || !Number.isFinite(w.until)) {
      return;
    }
    const t = this.contextTime(w.until) - CUT_BEFORE_S;
    if (t < s.when + s.duration) {
      this.cut(w.key, s, Math.max(t, ctxNow + FADE_S));
    }
  }

  /** Fades a playing sound out so that it is silent at context time t. */
  cut(key, s, t) {
    s.cut = true;
    s.gain.gain.setValueAtTime(1, t - FADE_S);
    s.gain.gain.linearRampToValueAtTime(0, t);
    s.source.stop(t + 0.005);
    this.note('cut', key, t);
  }

  cancel(key, s) {
    this.note('cancelled', key, s.when);
    try {
      s.source.stop();
    } catch (e) {
      // already stopped
    }
    s.source.disconnect();
    s.gain.disconnect();
    this.scheduled.delete(key);
  }
}
