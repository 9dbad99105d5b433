import { seededRandom } from '../recommend/index.ts';

/**
 * Synthesised drum patterns at a known tempo: a kick on beats 1 and 3, a snare on 2 and 4, closed hi-hats on
 * every eighth note. The ground truth for tempo accuracy (with the real tracks of published tempo).
 */
export function drumPattern(bpm: number, seconds: number, rate = 22_050, seed = 1): Float32Array {
  const random = seededRandom(seed);
  const out = new Float32Array(Math.round(seconds * rate));
  const beat = (60 / bpm) * rate;
  const add = (start: number, length: number, sample: (t: number, i: number) => number): void => {
    for (let i = 0; i < length && start + i < out.length; i += 1) {
      out[start + i] = (out[start + i] as number) + sample(i / rate, i);
    }
  };
  for (let b = 0; b * beat < out.length; b += 1) {
    const at = Math.round(b * beat);
    if (b % 2 === 0) add(at, Math.round(0.25 * rate), (t) => 0.8 * Math.exp(-t * 18) * Math.sin(2 * Math.PI * (55 + 90 * Math.exp(-t * 40)) * t));
    else add(at, Math.round(0.18 * rate), (t) => 0.5 * Math.exp(-t * 25) * (random() * 2 - 1));
    for (const eighth of [0, 0.5]) {
      add(Math.round(at + eighth * beat), Math.round(0.04 * rate), (t) => 0.15 * Math.exp(-t * 120) * (random() * 2 - 1));
    }
  }
  return out;
}

/** Notes of a scale played in turn (sine partials), for key and mode tests. */
export function scaleMelody(tonicMidi: number, mode: 'major' | 'minor', seconds: number, rate = 22_050): Float32Array {
  const steps = mode === 'major' ? [0, 4, 7, 12, 7, 4, 0, 2, 4, 5, 7, 9, 11, 12] : [0, 3, 7, 12, 7, 3, 0, 2, 3, 5, 7, 8, 10, 12];
  const out = new Float32Array(Math.round(seconds * rate));
  const noteLength = Math.round(0.3 * rate);
  for (let n = 0; n * noteLength < out.length; n += 1) {
    const midi = tonicMidi + (steps[n % steps.length] as number);
    const hz = 440 * 2 ** ((midi - 69) / 12);
    for (let i = 0; i < noteLength && n * noteLength + i < out.length; i += 1) {
      const t = i / rate;
      const env = Math.min(1, t * 50) * Math.exp(-t * 3);
      // A tonic drone under the melody, as in most tonal music.
      const drone = 0.3 * Math.sin(2 * Math.PI * 440 * 2 ** ((tonicMidi - 12 - 69) / 12) * ((n * noteLength + i) / rate));
      out[n * noteLength + i] = 0.4 * env * (Math.sin(2 * Math.PI * hz * t) + 0.3 * Math.sin(4 * Math.PI * hz * t)) + drone;
    }
  }
  return out;
}
