// Which sounds a wall display plays, and when: pure functions of the retained session message, so
// every screen derives the same sounds at the same engine instants and no sound travels on the wire.
// A new revision (pause, skip, back, extend, stop) simply gives another list; the player cancels what
// is no longer on it and schedules what is new. Nothing here touches Web Audio or the clock.
//
// Engine instants are epoch ms of the engine clock (fractional in pages). The mapping to an
// AudioContext's time (contextTimeFor) is here too, so it can be tested without sound.

/** Spoken prompts start this long after the tone of the same instant, so the two never overlap. */
export const VOICE_AFTER_MS = 900;
/** The closing words wait for the end chime to ring out. */
const DONE_AFTER_MS = 2400;
/** The 3-2-1 count before a hold (or flow) ends: ticks this long before its end. */
export const COUNT_MS = [3000, 2000, 1000];

/** The tone for the start of each kind of phase. */
const START_TONE = { prepare: 'step', hold: 'hold', flow: 'hold', switch: 'switch', rest: 'rest' };

function event(out, from, to, lo, hi, e) {
  if (e.at >= from && e.at < to && e.at >= lo && e.at < hi) {
    out.push(e);
  }
}

/**
 * The phase starts and the session's end inside [from, to), from the session's anchors:
 * [{at, phaseIndex, end, hi}] with end true for the finish and hi the instant of the next anchor.
 * An anchor that starts a phase afresh (phaseElapsedMs 0: a start, skip or back) starts it at its
 * instant; a resume or an extension continues a phase and starts nothing. Only instants before the
 * next anchor count: what a later revision changes begins at its own anchor, so the sounds before it
 * are the same in every revision and a screen never cancels one that another screen already plays.
 */
export function phaseStarts(session, from, to) {
  const out = [];
  const { phases, anchors } = session;
  for (let i = 0; i < anchors.length; i++) {
    const a = anchors[i];
    const hi = i + 1 < anchors.length ? anchors[i + 1].at : Infinity;
    if (hi <= from || a.at >= to) {
      continue;
    }
    if (a.status === 'finished') {
      event(out, from, to, a.at, hi, { at: a.at, phaseIndex: a.phaseIndex, end: true, hi });
    }
    if (a.status !== 'running') {
      continue;
    }
    let j = a.phaseIndex;
    if (a.phaseElapsedMs === 0) {
      event(out, from, to, a.at, hi, { at: a.at, phaseIndex: j, end: false, hi });
    }
    let end = a.at - a.phaseElapsedMs + phases[j].durationMs + a.extendMs;
    while (end < hi && end < to) {
      j++;
      if (j >= phases.length) {
        event(out, from, to, a.at, hi, { at: end, phaseIndex: phases.length - 1, end: true, hi });
        break;
      }
      event(out, from, to, a.at, hi, { at: end, phaseIndex: j, end: false, hi });
      end += phases[j].durationMs;
    }
  }
  return out;
}

/** The ends of holds and flows whose count falls in [from, to): [{at, phaseIndex, lo, hi}]. */
function workEnds(session, from, to) {
  const out = [];
  const { phases, anchors } = session;
  for (let i = 0; i < anchors.length; i++) {
    const a = anchors[i];
    const hi = i + 1 < anchors.length ? anchors[i + 1].at : Infinity;
    if (hi <= from || a.at >= to || a.status !== 'running') {
      continue;
    }
    let j = a.phaseIndex;
    let end = a.at - a.phaseElapsedMs + phases[j].durationMs + a.extendMs;
    while (end - COUNT_MS[0] < Math.min(hi, to)) {
      if (phases[j].kind === 'hold' || phases[j].kind === 'flow') {
        out.push({ at: end, phaseIndex: j, lo: a.at, hi });
      }
      j++;
      if (j >= phases.length) {
        break;
      }
      end += phases[j].durationMs;
    }
  }
  return out;
}

/**
 * Every sound to play in [from, to): [{key, at, sound, clip?, until}] sorted by instant. until is the
 * next change of the timeline after the sound starts (Infinity if none yet): a sound still ringing then
 * stops there, on every screen alike (a prompt cut short by a skip). sound is a tone
 * name (step, hold, switch, rest, count, last, chime) or 'voice' with clip the manifest's clip key.
 * mode: 'off' | 'tones' | 'voice'; clips: the manifest's map (stretch id or prompt -> file), so a
 * stretch without a clip gets its tones only.
 */
export function soundsBetween(session, from, to, mode, clips = {}) {
  if (!session || !Array.isArray(session.anchors) || !session.anchors.length || mode === 'off') {
    return [];
  }
  const out = [];
  const id = session.sessionId;
  const to0 = to;
  from -= DONE_AFTER_MS; // a prompt follows its start: a start just before the window may still speak in it
  const voice = (at, clip, tag, hi) => {
    const after = tag === 'done' ? DONE_AFTER_MS : VOICE_AFTER_MS;
    if (mode === 'voice' && clip && clips[clip] && at + after < hi) {
      out.push({ key: `${id}|voice|${tag}|${at}`, at: at + after, sound: 'voice', clip, until: hi });
    }
  };
  for (const s of phaseStarts(session, from, to)) {
    if (s.end) {
      out.push({ key: `${id}|chime|${s.at}`, at: s.at, sound: 'chime', until: s.hi });
      voice(s.at, 'prompt:done', 'done', s.hi);
      continue;
    }
    const p = session.phases[s.phaseIndex];
    out.push({ key: `${id}|${START_TONE[p.kind]}|${s.phaseIndex}|${s.at}`, at: s.at, sound: START_TONE[p.kind], until: s.hi });
    if (p.kind === 'prepare') {
      const step = session.steps[p.stepIndex];
      voice(s.at, step && `stretch:${step.stretchId}`, s.phaseIndex, s.hi);
    } else if (p.kind === 'switch') {
      voice(s.at, 'prompt:switch', s.phaseIndex, s.hi);
    } else if (p.kind === 'rest') {
      voice(s.at, 'prompt:rest', s.phaseIndex, s.hi);
    }
  }
  for (const e of workEnds(session, from, to)) {
    COUNT_MS.forEach((before, n) => {
      const at = e.at - before;
      if (at >= from && at < to && at >= e.lo && at < e.hi) {
        out.push({ key: `${id}|count${n}|${e.phaseIndex}|${at}`, at, sound: n === COUNT_MS.length - 1 ? 'last' : 'count',
          until: e.hi });
      }
    });
  }
  return out.filter((e) => e.at >= from + DONE_AFTER_MS && e.at < to0).sort((a, b) => a.at - b.at);
}

/**
 * Maps between the local clock (performance.now() ms) and an AudioContext's time. Fed with the
 * context's getOutputTimestamp() a few times a second: each stamp pairs a context time with the local
 * time its sample leaves the speaker, so the output latency is in it. A stamp is sometimes taken late
 * (by up to several ms when the audio callback ran late), never early, so the lowest
 * local-minus-context difference of the recent stamps is the one to trust, as the clock sync trusts
 * its fastest pings.
 */
const STEP_STAMPS = 3;
const STEP_MS = 1;

export class OutputMap {
  constructor(windowMs = 2000) {
    this.windowMs = windowMs;
    this.stamps = []; // {localMs, diff}
  }

  /** Takes one getOutputTimestamp() reading; false for one the output has not started yet (zeros). */
  add(stamp) {
    if (!stamp || !(stamp.performanceTime > 0) || !(stamp.contextTime > 0)) {
      return false;
    }
    this.stamps.push({ localMs: stamp.performanceTime, diff: stamp.performanceTime - stamp.contextTime * 1000 });
    const oldest = stamp.performanceTime - this.windowMs;
    while (this.stamps.length > 1 && this.stamps[0].localMs < oldest) {
      this.stamps.shift();
    }
    // A late stamp is a lone one; when the output itself slipped (it starved under load and the context
    // time fell behind), every stamp after it agrees on a higher difference: start over from those.
    const n = this.stamps.length;
    if (n > STEP_STAMPS) {
      const recent = this.stamps.slice(n - STEP_STAMPS).map((x) => x.diff);
      const lo = Math.min(...recent);
      if (lo > this.diff + STEP_MS && Math.max(...recent) - lo <= STEP_MS / 2) {
        this.stamps = this.stamps.slice(n - STEP_STAMPS);
      }
    }
    return true;
  }

  /** Local ms minus context ms, from the best recent stamp; NaN before any. */
  get diff() {
    let best = NaN;
    for (const s of this.stamps) {
      if (!(s.diff >= best)) {
        best = s.diff;
      }
    }
    return best;
  }

  /**
   * The context time whose sample is heard at local instant localMs. Before the output has produced
   * a stamp, the context's current time and outputLatency stand in (now: {currentTime, localMs,
   * outputLatency}).
   */
  contextTimeFor(localMs, now) {
    const d = this.diff;
    if (Number.isFinite(d)) {
      return (localMs - d) / 1000;
    }
    return now.currentTime + (localMs - now.localMs) / 1000 - (now.outputLatency || 0);
  }

  /** The local instant at which the sample at context time t is heard (NaN before any stamp). */
  localTimeFor(contextTime) {
    return contextTime * 1000 + this.diff;
  }
}
