import { Fft, hann } from './fft.ts';

export interface SpectralSummary {
  /** Onset strength per frame: log-magnitude spectral flux (positive changes only). */
  onset: Float32Array;
  /** Frames per second of `onset`. */
  frameRate: number;
  /** Mean spectral centroid in Hz, frames weighted by their energy: the "brightness" of the timbre. */
  centroidHz: number;
  /** Mean chroma (energy per pitch class C, C#, … B), each frame normalised first; sums to 1. */
  chroma: number[];
  frames: number;
}

/** One analysis frame as the spectral pass hands it on (arrays reused between frames: copy to keep). */
export interface SpectralFrame {
  /** The frame's raw samples, before the window. */
  samples: Float32Array;
  /** Power spectrum, bins 0 … N/2-1. */
  power: Float64Array;
  /** log(1 + 100·|X|) per bin: the compressed magnitude the onset flux uses. */
  logMagnitude: Float64Array;
  /** Power per pitch class (C … B) between C2 and C8, not normalised. */
  chroma: Float64Array;
}

export type FrameVisitor = (frame: SpectralFrame) => void;

/**
 * One short-time Fourier pass over mono audio (Hann window 2048, hop 512: 93 ms and 23 ms at 22.05 kHz, as
 * librosa's defaults) that collects what the features need: the onset envelope for tempo and onset density,
 * the spectral centroid for brightness, and chroma for key and mode. Two real frames go through one complex
 * FFT (one as the real part, one as the imaginary part, separated by the transform's symmetry), which halves
 * the transform's cost.
 */
export function analyzeSpectrum(
  mono: Float32Array,
  rate: number,
  windowSize = 2048,
  hop = 512,
  visitFrame?: FrameVisitor,
): SpectralSummary {
  const fft = new Fft(windowSize);
  const window = hann(windowSize);
  const bins = windowSize / 2;
  const binHz = rate / windowSize;
  const fluxTop = Math.min(bins, Math.round(8000 / binHz));
  const logTop = visitFrame ? bins : fluxTop;
  // Pitch class of each bin between C2 (65 Hz) and C8 (4186 Hz); -1 elsewhere.
  const pitchClass = new Int8Array(bins).fill(-1);
  for (let k = 1; k < bins; k += 1) {
    const hz = k * binHz;
    if (hz >= 65 && hz <= 4186) pitchClass[k] = ((Math.round(12 * Math.log2(hz / 440)) % 12) + 12 + 9) % 12;
  }
  const frames = mono.length >= windowSize ? Math.floor((mono.length - windowSize) / hop) + 1 : 0;
  const onset = new Float32Array(frames);
  const chroma = new Float64Array(12);
  let previous = new Float64Array(bins);
  let current = new Float64Array(bins);
  const re = new Float64Array(windowSize);
  const im = new Float64Array(windowSize);
  const powers = [new Float64Array(bins), new Float64Array(bins)] as const;
  let centroidSum = 0;
  let centroidWeight = 0;
  const frameChroma = new Float64Array(12);
  const visited: SpectralFrame = { samples: mono.subarray(0, 0), power: powers[0], logMagnitude: current, chroma: frameChroma };

  const measure = (f: number, power: Float64Array): void => {
    let flux = 0;
    let magSum = 0;
    let weighted = 0;
    let energy = 0;
    frameChroma.fill(0);
    for (let k = 1; k < bins; k += 1) {
      const p = power[k] as number;
      const mag = Math.sqrt(p);
      if (k < logTop) {
        const log = Math.log1p(100 * mag);
        current[k] = log;
        if (k < fluxTop) {
          const rise = log - (previous[k] as number);
          if (rise > 0) flux += rise;
        }
      }
      magSum += mag;
      weighted += mag * k;
      energy += p;
      const pc = pitchClass[k] as number;
      if (pc >= 0) frameChroma[pc] = (frameChroma[pc] as number) + p;
    }
    onset[f] = f === 0 ? 0 : flux;
    if (visitFrame) {
      visited.samples = mono.subarray(f * hop, f * hop + windowSize);
      visited.power = power;
      visited.logMagnitude = current;
      visitFrame(visited);
    }
    if (magSum > 0) {
      centroidSum += (weighted / magSum) * binHz * energy;
      centroidWeight += energy;
    }
    let chromaTotal = 0;
    for (let c = 0; c < 12; c += 1) chromaTotal += frameChroma[c] as number;
    if (chromaTotal > 0) for (let c = 0; c < 12; c += 1) chroma[c] = (chroma[c] as number) + (frameChroma[c] as number) / chromaTotal;
    [previous, current] = [current, previous];
  };

  for (let f = 0; f < frames; f += 2) {
    const a = f * hop;
    const b = (f + 1) * hop;
    const second = f + 1 < frames;
    for (let i = 0; i < windowSize; i += 1) {
      const w = window[i] as number;
      re[i] = (mono[a + i] as number) * w;
      im[i] = second ? (mono[b + i] as number) * w : 0;
    }
    fft.transform(re, im);
    // X1[k] = (Z[k] + conj Z[N-k]) / 2, X2[k] = (Z[k] - conj Z[N-k]) / 2i.
    const [p1, p2] = powers;
    for (let k = 0; k < bins; k += 1) {
      const j = k === 0 ? 0 : windowSize - k;
      const zr = re[k] as number;
      const zi = im[k] as number;
      const cr = re[j] as number;
      const ci = im[j] as number;
      p1[k] = ((zr + cr) * (zr + cr) + (zi - ci) * (zi - ci)) / 4;
      p2[k] = ((zi + ci) * (zi + ci) + (zr - cr) * (zr - cr)) / 4;
    }
    measure(f, p1);
    if (second) measure(f + 1, p2);
  }
  const chromaTotal = chroma.reduce((a, b) => a + b, 0);
  return {
    onset,
    frameRate: rate / hop,
    centroidHz: centroidWeight > 0 ? centroidSum / centroidWeight : 0,
    chroma: Array.from(chroma, (v) => (chromaTotal > 0 ? v / chromaTotal : 0)),
    frames,
  };
}
