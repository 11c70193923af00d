// Everything the pages say about a phase, in one place so screen, tablet and watch use one voice.

export const PHASE_LABEL = {
  prepare: 'Get into position',
  hold: 'Hold',
  switch: 'Change sides',
  rest: 'Rest and breathe',
  flow: 'Move slowly',
};

export const PHASE_SHORT = {
  prepare: 'Ready',
  hold: 'Hold',
  switch: 'Switch',
  rest: 'Rest',
  flow: 'Flow',
};

export const SIDE_LABEL = { left: 'LEFT', right: 'RIGHT', none: '' };

/** Whole seconds shown on a countdown: 12.3 s left reads 13, like a kitchen timer. */
export function seconds(ms) {
  return Math.max(0, Math.ceil(ms / 1000 - 1e-9));
}

/** "Next: ..." for the phase after the current one. */
export function nextLabel(session, view, next) {
  if (!next) {
    return 'Last one: finish strong, then relax';
  }
  if (next.stepIndex !== view.phase.stepIndex) {
    return `Next: ${session.steps[next.stepIndex].name}`;
  }
  const side = next.side !== 'none' ? ` ${SIDE_LABEL[next.side].toLowerCase()} side` : '';
  switch (next.kind) {
    case 'hold':
    case 'flow':
      return next.rep !== view.phase.rep ? `Next: round ${next.rep} of ${next.reps}${side}` : `Next: ${PHASE_SHORT[next.kind].toLowerCase()}${side}`;
    case 'switch':
      return `Next: change to the${side}`;
    case 'rest':
      return 'Next: a short rest';
    default:
      return `Next: ${PHASE_LABEL[next.kind].toLowerCase()}`;
  }
}

export function el(id) {
  return document.getElementById(id);
}

/** Sets text only when it changed, so 60 renders a second cost almost nothing. */
export function setText(node, text) {
  if (node && node.textContent !== text) {
    node.textContent = text;
  }
}

export function setAttr(node, name, value) {
  if (node && node.getAttribute(name) !== value) {
    node.setAttribute(name, value);
  }
}

/** Sets the whole class attribute, only when it changed. */
export function setClass(node, className) {
  if (node && node.className !== className) {
    node.className = className;
  }
}
