import { describe, expect, it } from 'vitest';
import { drumPattern, scaleMelody } from '../testing/signals.ts';
import { DESCRIPTOR_NAMES, DescriptorAccumulator, pulseClarity } from './descriptors.ts';
import { extremeSums } from './spectral-measures.ts';
import { analyzeSpectrum } from './spectrum.ts';
import { seededRandom } from '../recommend/index.ts';

const RATE = 22_050;

/** The descriptor vector of a signal, as the analyser computes it, by name. */
function describe_(signal: Float32Array): Record<string, number> {
  const accumulator = new DescriptorAccumulator(RATE, 2048);
  const spectrum = analyzeSpectrum(signal, RATE, 2048, 512, (frame) => accumulator.pushFrame(frame));
  const values = accumulator.finish({ loudnessLufs: -14, tempoBpm: 120, tempoConfidence: 0.5, onsetRate: 2, onset: spectrum.onset, frameRate: spectrum.frameRate });
  return Object.fromEntries(DESCRIPTOR_NAMES.map((name, i) => [name, values[i] as number]));
}

function tone(hz: number[], seconds: number, amplitude = 0.3): Float32Array {
  return Float32Array.from({ length: seconds * RATE }, (_, i) => hz.reduce((a, f) => a + amplitude * Math.sin((2 * Math.PI * f * i) / RATE), 0));
}

function noise(seconds: number, amplitude = 0.3): Float32Array {
  const random = seededRandom(3);
  return Float32Array.from({ length: seconds * RATE }, () => amplitude * (random() * 2 - 1));
}

describe('music-emotion descriptors', () => {
  it('names every value once, and gives finite numbers even for silence', () => {
    expect(new Set(DESCRIPTOR_NAMES).size).toBe(DESCRIPTOR_NAMES.length);
    const silent = describe_(new Float32Array(3 * RATE));
    expect(Object.values(silent).every(Number.isFinite)).toBe(true);
  });

  it('hears noise as flat and bright, a tone as peaked', () => {
    const n = describe_(noise(3));
    const t = describe_(tone([440], 3));
    expect(n.flatness_mean).toBeGreaterThan(t.flatness_mean as number);
    expect(n.centroid_mean).toBeGreaterThan(t.centroid_mean as number);
    expect(n.zcr_mean).toBeGreaterThan(t.zcr_mean as number);
    expect(t.contrast_mean_3).toBeGreaterThan(n.contrast_mean_3 as number);
  });

  it('finds two close partials rough and an octave smooth (Sethares)', () => {
    const rough = describe_(tone([440, 466], 3));
    const smooth = describe_(tone([440, 880], 3));
    expect(rough.roughness_mean).toBeGreaterThan(3 * (smooth.roughness_mean as number));
  });

  it('signs the mode strength: positive for a major melody, negative for a minor one', () => {
    expect(describe_(scaleMelody(60, 'major', 8)).mode_strength).toBeGreaterThan(0);
    expect(describe_(scaleMelody(57, 'minor', 8)).mode_strength).toBeLessThan(0);
  });

  it('gives drums a larger percussive share and a clearer pulse than a held chord', () => {
    const drums = describe_(drumPattern(120, 8));
    const chord = describe_(tone([262, 330, 392], 8));
    expect(drums.percussive_ratio).toBeGreaterThan((chord.percussive_ratio as number) + 0.2);
    expect(drums.pulse_clarity).toBeGreaterThan(chord.pulse_clarity as number);
  });

  it('measures a loud-quiet alternation (12 dB apart) as a wide loudness range and many low-energy frames', () => {
    // 12 dB: within EBU Tech 3342's relative gate (20 LU under the mean), so both parts count.
    const alternating = Float32Array.from({ length: 12 * RATE }, (_, i) => (Math.floor(i / (4 * RATE)) % 2 === 0 ? 0.5 : 0.125) * Math.sin((2 * Math.PI * 220 * i) / RATE));
    const steady = describe_(tone([220], 12));
    const varied = describe_(alternating);
    expect(varied.loudness_range_db).toBeGreaterThan(9);
    expect(steady.loudness_range_db).toBeLessThan(1);
    expect(varied.low_energy_ratio).toBeGreaterThan(0.3);
    expect(varied.rms_db_std).toBeGreaterThan(steady.rms_db_std as number);
  });

  it('pulse clarity is 0 for an envelope too short to have a period', () => {
    expect(pulseClarity(new Float32Array(2), 43)).toBe(0);
  });
});

describe('extremeSums', () => {
  it('sums the smallest and largest values of a band as sorting it would', () => {
    const random = seededRandom(9);
    const power = Float64Array.from({ length: 1000 }, () => random());
    for (const [from, to, take] of [[0, 18, 1], [100, 530, 9], [500, 1000, 4]] as const) {
      const sorted = Array.from(power.subarray(from, to)).sort((a, b) => a - b);
      const { low, high } = extremeSums(power, from, to, take, new Float64Array(64), new Float64Array(64));
      expect(low).toBeCloseTo(sorted.slice(0, take).reduce((a, b) => a + b, 0), 12);
      expect(high).toBeCloseTo(sorted.slice(-take).reduce((a, b) => a + b, 0), 12);
    }
  });
});
