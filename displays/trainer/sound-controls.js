// The tablet's sound controls for the zone on show: off / tones / tones + voice, and a volume. What
// the buttons show is the zone's retained sound message, not what was tapped: a tap asks the engine,
// and the screens and this tablet change together once it has stored the setting.

import { topics } from '../shared/link.js';
import { el, setText } from '../shared/words.js';

const STEP = 10;

export class SoundControls {
  constructor({ post, toast }) {
    this.post = post;
    this.toast = toast;
    this.zone = null;
    this.byZone = new Map(); // zone -> {mode, volume}
  }

  start() {
    el('sound-mode').querySelectorAll('button').forEach((b) => {
      b.addEventListener('click', () => this.change({ mode: b.dataset.mode }));
    });
    el('volume-minus').addEventListener('click', () => this.nudge(-STEP));
    el('volume-plus').addEventListener('click', () => this.nudge(STEP));
    return this;
  }

  /** On every (re)connect: the retained setting of every zone. */
  subscribe(link) {
    link.subscribe(topics.soundAll, 1, (topic, m) => {
      if (m && typeof m.zone === 'string' && typeof m.mode === 'string' && Number.isInteger(m.volume)) {
        this.byZone.set(m.zone, { mode: m.mode, volume: m.volume });
        this.render();
      }
    });
  }

  select(zone) {
    this.zone = zone;
    this.render();
  }

  nudge(delta) {
    const s = this.byZone.get(this.zone);
    if (s) {
      this.change({ volume: Math.max(0, Math.min(100, s.volume + delta)) });
    }
  }

  async change(body) {
    try {
      const s = await this.post(`/api/zones/${encodeURIComponent(this.zone)}/sound`, body);
      this.byZone.set(s.zone, { mode: s.mode, volume: s.volume }); // the retained copy follows
      this.render();
    } catch (e) {
      this.toast(e.message);
    }
  }

  render() {
    const s = this.byZone.get(this.zone);
    el('sound-mode').querySelectorAll('button').forEach((b) => {
      b.setAttribute('aria-checked', String(!!s && b.dataset.mode === s.mode));
      b.disabled = !s;
    });
    setText(el('volume'), s ? `${s.volume} %` : '–');
    el('volume-minus').disabled = !s || s.mode === 'off' || s.volume <= 0;
    el('volume-plus').disabled = !s || s.mode === 'off' || s.volume >= 100;
  }
}

/** What a screen's status says about its sound, for the device lists ('' when there is nothing to say). */
export function soundNote(status) {
  switch (status && status.sound) {
    case 'blocked': return 'tap the screen for sound';
    case 'off': return 'sound off';
    case 'unsupported': return 'no sound in this browser';
    default: return '';
  }
}
