// The JavaScript twin of limber.session.Timeline: which phase a session is in at engine instant t.
// It must give the same answers as the Java core on src/test/resources/vectors/phase-vectors.json
// (the browser tests run every vector through this file). Keep the two in step line by line.
//
// session: the retained zone message ({phases, anchors, steps, ...}); wire enums are lowercase.
// t: engine-clock epoch milliseconds (may be fractional in a page; the vectors use whole ms).

/** The anchor in effect at t (the last one with at <= t), or null before the first. */
export function anchorAt(anchors, t) {
  let found = null;
  for (const a of anchors) {
    if (a.at <= t) {
      found = a;
    } else {
      break;
    }
  }
  return found;
}

function view(status, phaseIndex, phase, elapsedMs, remainingMs, durationMs, extendMs) {
  return { status, phaseIndex, phase, elapsedMs, remainingMs, durationMs, extendMs };
}

function terminal(status, phases, j) {
  return view(status, j, phases[j], 0, 0, phases[j].durationMs, 0);
}

/**
 * { status: pending|running|paused|stopped|finished, phaseIndex, phase, elapsedMs, remainingMs,
 *   durationMs (including any extension), extendMs }
 */
export function phaseAt(session, t) {
  const phases = session.phases;
  const a = anchorAt(session.anchors, t);
  if (a === null) {
    const first = session.anchors[0];
    const p = phases[first.phaseIndex];
    return view('pending', first.phaseIndex, p, 0, p.durationMs, p.durationMs, 0);
  }
  let j = a.phaseIndex;
  let extend = a.extendMs;
  let duration = phases[j].durationMs + extend;
  let elapsed = a.phaseElapsedMs;
  switch (a.status) {
    case 'stopped':
      return terminal('stopped', phases, j);
    case 'finished':
      return terminal('finished', phases, j);
    case 'paused':
      return view('paused', j, phases[j], elapsed, duration - elapsed, duration, extend);
    default:
      break;
  }
  elapsed += t - a.at;
  while (elapsed >= duration) {
    elapsed -= duration;
    j++;
    if (j >= phases.length) {
      return terminal('finished', phases, phases.length - 1);
    }
    extend = 0;
    duration = phases[j].durationMs;
  }
  return view('running', j, phases[j], elapsed, duration - elapsed, duration, extend);
}

/** True while a session still has something to show (the Java PhaseView.isLive). */
export function isLive(v) {
  return v.status === 'running' || v.status === 'paused' || v.status === 'pending';
}

/**
 * The engine instant at which the session ends if no further command comes: the instant of a stop
 * (or skip past the end), the end of the last phase while running, Infinity while paused.
 */
export function endsAt(session) {
  const a = session.anchors[session.anchors.length - 1];
  if (a.status === 'stopped' || a.status === 'finished') {
    return a.at;
  }
  if (a.status === 'paused') {
    return Infinity;
  }
  let end = a.at - a.phaseElapsedMs + a.extendMs;
  for (let j = a.phaseIndex; j < session.phases.length; j++) {
    end += session.phases[j].durationMs;
  }
  return end;
}

/** The phase after the current one, or null on the last phase. */
export function nextPhase(session, v) {
  const k = v.phaseIndex + 1;
  return k < session.phases.length ? session.phases[k] : null;
}

/**
 * How far through the routine each step is, 0..1, for a progress strip. Steps before the current
 * one are full, later ones empty; the current step fills with the time spent in it.
 */
export function stepFractions(session, v) {
  const out = [];
  const current = v.phase ? v.phase.stepIndex : 0;
  const ended = v.status === 'finished';
  for (const step of session.steps) {
    if (ended || step.index < current) {
      out.push(1);
    } else if (step.index > current || v.status === 'pending' || v.status === 'stopped') {
      out.push(0);
    } else {
      let total = 0;
      let before = 0;
      for (let k = step.firstPhase; k <= step.lastPhase; k++) {
        const d = session.phases[k].durationMs + (k === v.phaseIndex ? v.extendMs : 0);
        total += d;
        if (k < v.phaseIndex) {
          before += d;
        }
      }
      out.push(total > 0 ? Math.min(1, (before + v.elapsedMs) / total) : 0);
    }
  }
  return out;
}
