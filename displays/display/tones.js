// The wall display's tones, drawn sample by sample into AudioBuffers once, so each plays exactly as
// scheduled (a buffer starts on its sample; no oscillator set-up on the audio thread). Each pattern
// differs in rhythm and pitch, not only in length, so it can be told apart with eyes closed:
//   step   two rising soft notes: a new stretch, get into position
//   hold   one clear bell: hold now
//   count  a short pip, twice, then `last`, a higher one: three, two, one before a hold ends
//   switch low-high-low: other side
//   rest   one low, soft note: breathe
//   chime  a slow rising three-note bell that rings out: the session is over
// Every note starts at a small value after a 4 ms rise and ends at exactly zero (no clicks).

const NOTES = {
  step: [[659.3, 0, 160, 0.35], [880, 220, 220, 0.35]],
  hold: [[880, 0, 420, 0.5]],
  count: [[660, 0, 110, 0.45]],
  last: [[990, 0, 240, 0.55]],
  switch: [[523.3, 0, 240, 0.5], [784, 320, 140, 0.5], [523.3, 540, 240, 0.5]],
  rest: [[392, 0, 600, 0.35]],
  chime: [[523.3, 0, 1500, 0.35], [659.3, 260, 1400, 0.35], [784, 520, 1600, 0.35]],
};

const ATTACK_S = 0.004;

/** One bell-like note added into data: a fundamental and a quiet octave, decaying to zero. */
function note(data, rate, freq, startMs, lengthMs, level) {
  const start = Math.round((startMs / 1000) * rate);
  const n = Math.round((lengthMs / 1000) * rate);
  const attack = ATTACK_S * rate;
  for (let i = 0; i < n && start + i < data.length; i++) {
    const t = i / rate;
    const rise = i < attack ? (i + 1) / attack : 1;
    const fall = Math.pow(1 - i / n, 2); // reaches 0 on the note's last sample
    const v = Math.sin(2 * Math.PI * freq * t) + 0.25 * Math.sin(4 * Math.PI * freq * t);
    // the first sample is the rise's smallest step, never a silent 0, so a sound starts on its sample
    data[start + i] += level * rise * fall * (i === 0 ? 0.02 : v);
  }
}

/** name -> AudioBuffer for every tone, made for the context's sample rate. */
export function makeTones(ctx) {
  const out = {};
  for (const [name, notes] of Object.entries(NOTES)) {
    const endMs = Math.max(...notes.map(([, at, len]) => at + len));
    const buffer = ctx.createBuffer(1, Math.ceil((endMs / 1000) * ctx.sampleRate) + 1, ctx.sampleRate);
    const data = buffer.getChannelData(0);
    for (const [freq, at, len, level] of notes) {
      note(data, ctx.sampleRate, freq, at, len, level);
    }
    out[name] = buffer;
  }
  return out;
}
