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

/** Called with each frame's raw samples and power spectrum (bins 0 … N/2-1; reused, so copy to keep). */
export type FrameVisitor = (samples: Float32Array, power: Float64Array) => void;

/**
 * One short-time Fourier pass over mono audio (Hann window 2048, hop 512: 93 ms and 23 ms at 22.05 kHz, as
 * librosa's defaults) that collects what the features need: the onset envelope for tempo and onset density,
 * the spectral centroid for brightness, and chroma for key and mode.
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
  let centroidSum = 0;
  let centroidWeight = 0;
  const frameChroma = new Float64Array(12);
  const power = visitFrame ? new Float64Array(bins) : null;
  for (let f = 0; f < frames; f += 1) {
    const start = f * hop;
    for (let i = 0; i < windowSize; i += 1) {
      re[i] = (mono[start + i] as number) * (window[i] as number);
      im[i] = 0;
    }
    fft.transform(re, im);
    let flux = 0;
    let magSum = 0;
    let weighted = 0;
    let energy = 0;
    frameChroma.fill(0);
    for (let k = 1; k < bins; k += 1) {
      const r = re[k] as number;
      const i = im[k] as number;
      const p = r * r + i * i;
      if (power) power[k] = p;
      const mag = Math.sqrt(p);
      if (k < fluxTop) {
        const log = Math.log1p(100 * mag);
        current[k] = log;
        const rise = log - (previous[k] as number);
        if (rise > 0) flux += rise;
      }
      magSum += mag;
      weighted += mag * k;
      energy += p;
      const pc = pitchClass[k] as number;
      if (pc >= 0) frameChroma[pc] = (frameChroma[pc] as number) + p;
    }
    onset[f] = f === 0 ? 0 : flux;
    if (visitFrame && power) visitFrame(mono.subarray(start, start + windowSize), power);
    if (magSum > 0) {
      centroidSum += (weighted / magSum) * binHz * energy;
      centroidWeight += energy;
    }
    let chromaTotal = 0;
    for (let c = 0; c < 12; c += 1) chromaTotal += frameChroma[c] as number;
    if (chromaTotal > 0) for (let c = 0; c < 12; c += 1) chroma[c] = (chroma[c] as number) + (frameChroma[c] as number) / chromaTotal;
    [previous, current] = [current, previous];
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
