// Unit tests of displays/shared/soundplan.js (pure: no audio, no clock), run by SoundPlanTest with
// Node's own test runner: node --test src/test/js/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COUNT_MS, OutputMap, soundsBetween, VOICE_AFTER_MS } from '../../../displays/shared/soundplan.js';

// one sided stretch (prepare, hold L, switch, hold R, rest, hold L) and one operator-added stretch
const phases = [
  { kind: 'prepare', stepIndex: 0, durationMs: 5000 },
  { kind: 'hold', stepIndex: 0, durationMs: 10000 },
  { kind: 'switch', stepIndex: 0, durationMs: 3000 },
  { kind: 'hold', stepIndex: 0, durationMs: 10000 },
  { kind: 'rest', stepIndex: 0, durationMs: 4000 },
  { kind: 'hold', stepIndex: 0, durationMs: 10000 },
  { kind: 'prepare', stepIndex: 1, durationMs: 5000 },
  { kind: 'hold', stepIndex: 1, durationMs: 10000 },
];
const steps = [{ stretchId: 'cat-cow' }, { stretchId: 'added-by-operator' }];
const clips = { 'stretch:cat-cow': 1, 'prompt:switch': 1, 'prompt:rest': 1, 'prompt:done': 1 };
const run = (at, phaseIndex, phaseElapsedMs = 0, extendMs = 0) => ({ at, status: 'running', phaseIndex, phaseElapsedMs, extendMs });
const session = (...anchors) => ({ sessionId: 's', phases, steps, anchors });
const all = (s, mode = 'voice') => soundsBetween(s, -Infinity, Infinity, mode, clips);
const brief = (list) => list.map((w) => `${w.sound}${w.clip ? `:${w.clip}` : ''}@${w.at}`);

test('a whole session: every cue at its instant, prompts after their tone, tones only for a stretch without a clip', () => {
  assert.deepEqual(brief(all(session(run(1000, 0)))), [
    'step@1000', `voice:stretch:cat-cow@${1000 + VOICE_AFTER_MS}`,
    'hold@6000', 'count@13000', 'count@14000', 'last@15000',
    'switch@16000', `voice:prompt:switch@${16000 + VOICE_AFTER_MS}`,
    'hold@19000', 'count@26000', 'count@27000', 'last@28000',
    'rest@29000', `voice:prompt:rest@${29000 + VOICE_AFTER_MS}`,
    'hold@33000', 'count@40000', 'count@41000', 'last@42000',
    'step@43000', // the operator's stretch has no clip: its tone, no words
    'hold@48000', 'count@55000', 'count@56000', 'last@57000',
    'chime@58000', 'voice:prompt:done@60400',
  ]);
});

test('sound off plays nothing; tones leave the words out', () => {
  assert.deepEqual(all(session(run(1000, 0)), 'off'), []);
  assert.ok(all(session(run(1000, 0)), 'tones').every((w) => w.sound !== 'voice'));
});

test('a pause silences everything from its instant; the resume continues the count where the hold is', () => {
  const paused = session(run(1000, 0), { at: 8000, status: 'paused', phaseIndex: 1, phaseElapsedMs: 2000, extendMs: 0 });
  assert.deepEqual(brief(all(paused)), ['step@1000', 'voice:stretch:cat-cow@1900', 'hold@6000']);
  const resumed = session(...paused.anchors, run(20000, 1, 2000));
  // no new hold tone on resume; the hold ends 8 s after it
  assert.deepEqual(brief(all(resumed)).slice(3, 6), ['count@25000', 'count@26000', 'last@27000']);
});

test('an extension moves the count to the new end; sounds before its instant stay as they were', () => {
  const before = all(session(run(1000, 0)));
  const extended = all(session(run(1000, 0), run(9000, 1, 3000, 5000)));
  assert.deepEqual(brief(extended).slice(0, 6), ['step@1000', 'voice:stretch:cat-cow@1900', 'hold@6000',
    'count@18000', 'count@19000', 'last@20000']);
  // the same keys for what sounds before 9000 in both revisions: a screen never cancels what plays elsewhere
  const early = (list) => list.filter((w) => w.at < 9000).map((w) => w.key);
  assert.deepEqual(early(extended), early(before));
});

test('a skip starts the next stretch at its instant and drops the rest of the count; a stop ends all', () => {
  const skipped = all(session(run(1000, 0), run(14500, 6)));
  assert.deepEqual(brief(skipped).slice(0, 6), ['step@1000', 'voice:stretch:cat-cow@1900', 'hold@6000',
    'count@13000', 'count@14000', 'step@14500']);
  const stopped = all(session(run(1000, 0), { at: 14500, status: 'stopped', phaseIndex: 1, phaseElapsedMs: 0, extendMs: 0 }));
  assert.ok(stopped.every((w) => w.at < 14500));
  const finished = all(session(run(1000, 0), { at: 14500, status: 'finished', phaseIndex: 7, phaseElapsedMs: 0, extendMs: 0 }));
  assert.deepEqual(brief(finished).slice(-2), ['chime@14500', 'voice:prompt:done@16900']);
});

test('a window still gets the words of a start just before it, and nothing outside it', () => {
  const s = session(run(1000, 0));
  assert.deepEqual(brief(soundsBetween(s, 1500, 6000, 'voice', clips)), ['voice:stretch:cat-cow@1900']);
  assert.equal(COUNT_MS.length, 3);
});

test('the output map trusts the lowest local-minus-context difference and forgets old stamps', () => {
  const map = new OutputMap(2000);
  const now = { currentTime: 1, localMs: 5000, outputLatency: 0.03 };
  assert.equal(map.contextTimeFor(5100, now), 1 + 0.1 - 0.03); // before any stamp
  assert.equal(map.add({ contextTime: 0, performanceTime: 0 }), false);
  map.add({ contextTime: 1.0, performanceTime: 4040 }); // diff 3040
  map.add({ contextTime: 1.1, performanceTime: 4145 }); // taken 5 ms late: diff 3045
  assert.equal(map.diff, 3040);
  assert.equal(map.contextTimeFor(5040, now), 2.0);
  assert.equal(map.localTimeFor(2.0), 5040);
  map.add({ contextTime: 4.0, performanceTime: 7041.5 }); // the first two are now over 2 s old
  assert.equal(map.diff, 3041.5);
});

test('when the output slips (every later stamp agrees on a higher difference) the map follows it', () => {
  const map = new OutputMap(2000);
  map.add({ contextTime: 1.0, performanceTime: 4040 });
  map.add({ contextTime: 1.1, performanceTime: 4140 });
  map.add({ contextTime: 1.2, performanceTime: 4252 }); // one late stamp: ignored
  assert.equal(map.diff, 3040);
  map.add({ contextTime: 1.3, performanceTime: 4340 });
  for (const c of [1.4, 1.5, 1.6]) {
    map.add({ contextTime: c, performanceTime: c * 1000 + 3060 }); // the output fell 20 ms behind
  }
  assert.equal(map.diff, 3060);
});
