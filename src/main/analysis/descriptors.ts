import { correlationByMode, estimateKey } from './key.ts';
import { extremeSums, median, melFilters, partialRoughness } from './spectral-measures.ts';
import type { SpectralFrame } from './spectrum.ts';
import { autocorrelate, normaliseOnsets } from './tempo.ts';

/**
 * Frame-level audio descriptors for music emotion recognition, summarised over a clip into one named vector.
 * The set follows what the MER literature measures (Panda, Malheiro & Paiva 2018 "Novel audio features for
 * music emotion recognition"; Eerola, Lartillot & Toiviainen 2009 MIRtoolbox features; librosa's defaults):
 * timbre (MFCC and their change, spectral contrast and valleys, centroid, bandwidth, roll-off, flatness, flux,
 * zero crossings), dynamics (RMS level and spread, low-energy ratio, loudness range), tonality (key clarity,
 * mode strength, chroma entropy and change), dissonance (Sethares roughness of spectral peaks), rhythm (tempo,
 * pulse clarity, onset density) and the harmonic/percussive balance (median-filter separation, Fitzgerald
 * 2010). Everything is computed on the analyser's mono 22.05 kHz signal, frames of 2048 with a hop of 512.
 */

const MEL_BANDS = 40;
const MFCC_COUNT = 13;
/** Spectral contrast octave bands (Jiang et al. 2002, librosa's edges at 22.05 kHz), Hz. */
const CONTRAST_EDGES = [0, 200, 400, 800, 1600, 3200, 6400, 11_025];
const CONTRAST_QUANTILE = 0.02;
/** Roughness is measured on every 4th frame, on the strongest spectral peaks (cost grows with their square). */
const ROUGHNESS_EVERY = 4;
const ROUGHNESS_PEAKS = 16;
/** Median filter lengths of the harmonic/percussive split: frames across time, mel bands across frequency. */
const HPSS_TIME = 17;
const HPSS_FREQ = 7;
const EPS = 1e-10;

const stats = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

/** The order of the descriptor vector. Frozen per model: a model stores the names it was trained on. */
export const DESCRIPTOR_NAMES: readonly string[] = [
  ...stats('mfcc_mean_', MFCC_COUNT),
  ...stats('mfcc_std_', MFCC_COUNT),
  ...stats('mfcc_delta_std_', MFCC_COUNT),
  ...stats('contrast_mean_', CONTRAST_EDGES.length - 1),
  ...stats('valley_mean_', CONTRAST_EDGES.length - 1),
  'centroid_mean',
  'centroid_std',
  'bandwidth_mean',
  'bandwidth_std',
  'rolloff_mean',
  'rolloff_std',
  'flatness_mean',
  'flatness_std',
  'flux_mean',
  'flux_std',
  'zcr_mean',
  'zcr_std',
  'rms_db_mean',
  'rms_db_std',
  'low_energy_ratio',
  'loudness_range_db',
  'loudness_lufs',
  'key_clarity',
  'mode_strength',
  'chroma_entropy',
  'chroma_flux_mean',
  'chroma_std_mean',
  'roughness_mean',
  'roughness_std',
  'percussive_ratio',
  'tempo_bpm',
  'tempo_confidence',
  'pulse_clarity',
  'onset_rate',
];

/** Running mean and variance (Welford), so no per-frame series has to be kept for a summary. */
class Moments {
  n = 0;
  mean = 0;
  #m2 = 0;
  push(x: number): void {
    if (!Number.isFinite(x)) return;
    this.n += 1;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.#m2 += d * (x - this.mean);
  }
  get std(): number {
    return this.n > 1 ? Math.sqrt(this.#m2 / (this.n - 1)) : 0;
  }
}

export interface DescriptorContext {
  /** Integrated loudness (BS.1770), LUFS, of the whole track. */
  loudnessLufs: number;
  tempoBpm: number;
  tempoConfidence: number;
  onsetRate: number;
  /** The onset envelope and its frame rate, for pulse clarity. */
  onset: Float32Array;
  frameRate: number;
}

/**
 * Collects the frame-level measures as the spectral pass visits each frame, then summarises them. One
 * instance per clip. Memory: the mel spectrogram (40 floats a frame) for the harmonic/percussive split;
 * everything else is running moments.
 */
export class DescriptorAccumulator {
  readonly #rate: number;
  readonly #bins: number;
  readonly #binHz: number;
  readonly #mel: { first: number; weights: Float64Array }[];
  readonly #dct: Float64Array;
  readonly #contrastBands: { from: number; to: number }[];
  readonly #melFrames: Float32Array[] = [];
  readonly #mfccMean = Array.from({ length: MFCC_COUNT }, () => new Moments());
  readonly #mfccDelta = Array.from({ length: MFCC_COUNT }, () => new Moments());
  readonly #contrast = Array.from({ length: CONTRAST_EDGES.length - 1 }, () => new Moments());
  readonly #valley = Array.from({ length: CONTRAST_EDGES.length - 1 }, () => new Moments());
  readonly #centroid = new Moments();
  readonly #bandwidth = new Moments();
  readonly #rolloff = new Moments();
  readonly #flatness = new Moments();
  readonly #flux = new Moments();
  readonly #zcr = new Moments();
  readonly #rmsDb = new Moments();
  readonly #roughness = new Moments();
  readonly #chromaFlux = new Moments();
  readonly #chromaSum = new Float64Array(12);
  readonly #chromaSqSum = new Float64Array(12);
  readonly #rmsLinear: number[] = [];
  #previousMfcc: Float64Array | null = null;
  #previousChroma: Float64Array | null = null;
  #previousLogMag: Float64Array | null = null;
  #chromaFrames = 0;
  #frames = 0;
  readonly #melEnergy = new Float64Array(MEL_BANDS);
  readonly #mfcc = new Float64Array(MFCC_COUNT);
  readonly #chromaA = new Float64Array(12);
  readonly #chromaB = new Float64Array(12);
  readonly #lowScratch = new Float64Array(64);
  readonly #highScratch = new Float64Array(64);

  constructor(rate: number, windowSize: number) {
    this.#rate = rate;
    this.#bins = windowSize / 2;
    this.#binHz = rate / windowSize;
    this.#mel = melFilters(this.#bins, this.#binHz, MEL_BANDS, rate / 2);
    this.#dct = new Float64Array(MFCC_COUNT * MEL_BANDS);
    for (let n = 0; n < MFCC_COUNT; n += 1) {
      const scale = n === 0 ? Math.sqrt(1 / MEL_BANDS) : Math.sqrt(2 / MEL_BANDS);
      for (let b = 0; b < MEL_BANDS; b += 1) this.#dct[n * MEL_BANDS + b] = scale * Math.cos((Math.PI * n * (b + 0.5)) / MEL_BANDS);
    }
    this.#contrastBands = CONTRAST_EDGES.slice(0, -1).map((lo, i) => ({
      from: Math.max(1, Math.round(lo / this.#binHz)),
      to: Math.min(this.#bins, Math.max(Math.round(lo / this.#binHz) + 2, Math.round((CONTRAST_EDGES[i + 1] as number) / this.#binHz))),
    }));
  }

  /** One analysis frame of the spectral pass. */
  pushFrame(frame: SpectralFrame): void {
    const { samples, power } = frame;
    const bins = this.#bins;
    const binHz = this.#binHz;
    this.#frames += 1;

    let zeroCrossings = 0;
    let sumSquares = 0;
    for (let i = 0; i < samples.length; i += 1) {
      const v = samples[i] as number;
      sumSquares += v * v;
      if (i > 0 && (v >= 0) !== ((samples[i - 1] as number) >= 0)) zeroCrossings += 1;
    }
    const rms = Math.sqrt(sumSquares / Math.max(1, samples.length));
    this.#rmsLinear.push(rms);
    this.#rmsDb.push(20 * Math.log10(rms + 1e-6));
    this.#zcr.push(zeroCrossings / Math.max(1, samples.length - 1));

    let total = 0;
    let weighted = 0;
    let logSum = 0;
    for (let k = 1; k < bins; k += 1) {
      const p = power[k] as number;
      total += p;
      weighted += p * k * binHz;
      logSum += Math.log(p + EPS);
    }
    const silent = total < 1e-8;
    if (!silent) {
      const centroid = weighted / total;
      let spread = 0;
      let cumulative = 0;
      let rolloff = 0;
      for (let k = 1; k < bins; k += 1) {
        const p = power[k] as number;
        spread += p * (k * binHz - centroid) ** 2;
        cumulative += p;
        if (rolloff === 0 && cumulative >= 0.85 * total) rolloff = k * binHz;
      }
      this.#centroid.push(centroid);
      this.#bandwidth.push(Math.sqrt(spread / total));
      this.#rolloff.push(rolloff);
      // Wiener entropy in dB: 0 for white noise, very negative for tones.
      this.#flatness.push(10 * Math.log10(Math.exp(logSum / (bins - 1)) / (total / (bins - 1)) + EPS));
    }

    // Spectral flux on the log magnitude (positive changes) over the whole band, as in the onset envelope.
    const fresh = this.#previousLogMag === null;
    const previous = (this.#previousLogMag ??= new Float64Array(bins));
    let flux = 0;
    for (let k = 1; k < bins; k += 1) {
      const value = frame.logMagnitude[k] as number;
      const rise = value - (previous[k] as number);
      if (!fresh && rise > 0) flux += rise;
      previous[k] = value;
    }
    if (!fresh) this.#flux.push(flux / bins);

    // Mel bands, MFCC and their frame-to-frame change.
    const mel = new Float32Array(MEL_BANDS);
    for (let b = 0; b < MEL_BANDS; b += 1) {
      const { first, weights } = this.#mel[b] as { first: number; weights: Float64Array };
      let e = 0;
      for (let i = 0; i < weights.length; i += 1) e += (weights[i] as number) * (power[first + i] as number);
      this.#melEnergy[b] = Math.log(e + EPS);
      mel[b] = e;
    }
    this.#melFrames.push(mel);
    for (let n = 0; n < MFCC_COUNT; n += 1) {
      let c = 0;
      for (let b = 0; b < MEL_BANDS; b += 1) c += (this.#dct[n * MEL_BANDS + b] as number) * (this.#melEnergy[b] as number);
      this.#mfcc[n] = c;
      this.#mfccMean[n]?.push(c);
    }
    if (this.#previousMfcc) {
      for (let n = 0; n < MFCC_COUNT; n += 1) this.#mfccDelta[n]?.push((this.#mfcc[n] as number) - (this.#previousMfcc[n] as number));
    } else this.#previousMfcc = new Float64Array(MFCC_COUNT);
    this.#previousMfcc.set(this.#mfcc);

    if (!silent) {
      // Spectral contrast: per octave band, log of the mean of its strongest 2 % of bins over its weakest 2 %.
      this.#contrastBands.forEach(({ from, to }, band) => {
        const take = Math.max(1, Math.round(CONTRAST_QUANTILE * (to - from)));
        const { low: valley, high: peak } = extremeSums(power, from, to, take, this.#lowScratch, this.#highScratch);
        const valleyDb = 10 * Math.log10(valley / take + EPS);
        this.#valley[band]?.push(valleyDb);
        this.#contrast[band]?.push(10 * Math.log10(peak / take + EPS) - valleyDb);
      });

      // Chroma of this frame (normalised), its change and spread over time.
      // Two buffers in turn (this frame's and the previous one), so no array is allocated per frame.
      const chroma = this.#previousChroma === this.#chromaA ? this.#chromaB : this.#chromaA;
      chroma.set(frame.chroma);
      let chromaTotal = 0;
      for (let c = 0; c < 12; c += 1) chromaTotal += chroma[c] as number;
      if (chromaTotal > 0) {
        for (let c = 0; c < 12; c += 1) {
          const v = (chroma[c] as number) / chromaTotal;
          chroma[c] = v;
          this.#chromaSum[c] = (this.#chromaSum[c] as number) + v;
          this.#chromaSqSum[c] = (this.#chromaSqSum[c] as number) + v * v;
        }
        this.#chromaFrames += 1;
        if (this.#previousChroma) {
          let change = 0;
          for (let c = 0; c < 12; c += 1) change += ((chroma[c] as number) - (this.#previousChroma[c] as number)) ** 2;
          this.#chromaFlux.push(Math.sqrt(change));
        }
        this.#previousChroma = chroma;
      }

      if (this.#frames % ROUGHNESS_EVERY === 0) this.#roughness.push(this.#frameRoughness(power));
    }
  }

  /** Sethares roughness of the frame's strongest spectral peaks (20 Hz to 5 kHz), normalised by their energy. */
  #frameRoughness(power: Float64Array): number {
    const binHz = this.#binHz;
    const top = Math.min(this.#bins - 1, Math.round(5000 / binHz));
    const peaks: { hz: number; amp: number }[] = [];
    for (let k = Math.max(2, Math.round(20 / binHz)); k < top; k += 1) {
      const p = power[k] as number;
      if (p > (power[k - 1] as number) && p >= (power[k + 1] as number)) peaks.push({ hz: k * binHz, amp: Math.sqrt(p) });
    }
    peaks.sort((a, b) => b.amp - a.amp);
    const strongest = peaks.slice(0, ROUGHNESS_PEAKS).sort((a, b) => a.hz - b.hz);
    let rough = 0;
    let energy = 0;
    for (let i = 0; i < strongest.length; i += 1) {
      const a = strongest[i] as { hz: number; amp: number };
      energy += a.amp * a.amp;
      for (let j = i + 1; j < strongest.length; j += 1) {
        const b = strongest[j] as { hz: number; amp: number };
        rough += partialRoughness(a.hz, b.hz, a.amp, b.amp);
      }
    }
    return energy > 0 ? rough / energy : 0;
  }

  /** Share of the mel energy that median filtering assigns to the percussive part (soft masks). */
  #percussiveRatio(): number {
    const frames = this.#melFrames;
    const t = frames.length;
    if (t === 0) return 0;
    const halfT = HPSS_TIME >> 1;
    const halfF = HPSS_FREQ >> 1;
    const window = new Float64Array(Math.max(HPSS_TIME, HPSS_FREQ));
    const scratch = new Float64Array(window.length);
    let percussive = 0;
    let total = 0;
    for (let f = 0; f < t; f += 1) {
      const frame = frames[f] as Float32Array;
      for (let b = 0; b < MEL_BANDS; b += 1) {
        let n = 0;
        for (let j = Math.max(0, f - halfT); j <= Math.min(t - 1, f + halfT); j += 1) window[n++] = (frames[j] as Float32Array)[b] as number;
        const harmonic = median(window, scratch, n);
        n = 0;
        for (let j = Math.max(0, b - halfF); j <= Math.min(MEL_BANDS - 1, b + halfF); j += 1) window[n++] = frame[j] as number;
        const perc = median(window, scratch, n);
        const value = frame[b] as number;
        const mask = harmonic * harmonic + perc * perc;
        if (mask > 0) percussive += (value * perc * perc) / mask;
        total += value;
      }
    }
    return total > 0 ? percussive / total : 0;
  }

  /** The summary vector, in DESCRIPTOR_NAMES order. */
  finish(context: DescriptorContext): Float64Array {
    const values: number[] = [];
    values.push(...this.#mfccMean.map((m) => m.mean), ...this.#mfccMean.map((m) => m.std), ...this.#mfccDelta.map((m) => m.std));
    values.push(...this.#contrast.map((m) => m.mean), ...this.#valley.map((m) => m.mean));
    for (const m of [this.#centroid, this.#bandwidth, this.#rolloff, this.#flatness, this.#flux, this.#zcr]) values.push(m.mean, m.std);
    values.push(this.#rmsDb.mean, this.#rmsDb.std, this.#lowEnergyRatio(), this.#loudnessRange(), context.loudnessLufs);

    const chroma = Array.from(this.#chromaSum, (s) => s / Math.max(1, this.#chromaFrames));
    const { strength } = estimateKey(chroma);
    const fit = correlationByMode(chroma);
    // Positive for major, negative for minor, by how much better the best key of one mode fits than the other's.
    const modeStrength = fit.major - fit.minor;
    const chromaTotal = chroma.reduce((a, b) => a + b, 0);
    const entropy = chromaTotal > 0 ? -chroma.reduce((a, v) => (v > 0 ? a + (v / chromaTotal) * Math.log2(v / chromaTotal) : a), 0) : 0;
    const chromaStd =
      this.#chromaFrames > 0
        ? this.#chromaSqSum.reduce((a, sq, c) => a + Math.sqrt(Math.max(0, sq / this.#chromaFrames - (chroma[c] as number) ** 2)), 0) / 12
        : 0;
    values.push(strength, modeStrength, entropy, this.#chromaFlux.mean, chromaStd);
    values.push(this.#roughness.mean, this.#roughness.std, this.#percussiveRatio());
    values.push(context.tempoBpm, context.tempoConfidence, pulseClarity(context.onset, context.frameRate), context.onsetRate);
    const out = Float64Array.from(values, (v) => (Number.isFinite(v) ? v : 0));
    if (out.length !== DESCRIPTOR_NAMES.length) throw new Error(`descriptor count ${out.length} ≠ ${DESCRIPTOR_NAMES.length}`);
    return out;
  }

  /** Share of frames quieter than the clip's mean RMS (Tzanetakis & Cook 2002). */
  #lowEnergyRatio(): number {
    const rms = this.#rmsLinear;
    if (rms.length === 0) return 0;
    let mean = 0;
    for (const v of rms) mean += v;
    mean /= rms.length;
    let low = 0;
    for (const v of rms) if (v < mean) low += 1;
    return low / rms.length;
  }

  /**
   * Loudness range, after EBU Tech 3342: the spread (10th to 95th percentile) of 3-second short-term levels,
   * one a second, those 20 dB under the mean ignored. Unweighted here (the K-weighting matters little to a
   * spread).
   */
  #loudnessRange(): number {
    const frameRate = this.#rate / 512;
    const span = Math.max(1, Math.round(3 * frameRate));
    const step = Math.max(1, Math.round(frameRate));
    const rms = this.#rmsLinear;
    const levels: number[] = [];
    for (let start = 0; start + span <= rms.length; start += step) {
      let power = 0;
      for (let i = start; i < start + span; i += 1) power += (rms[i] as number) ** 2;
      levels.push(10 * Math.log10(power / span + 1e-12));
    }
    if (levels.length < 2) return 0;
    const mean = 10 * Math.log10(levels.reduce((a, l) => a + 10 ** (l / 10), 0) / levels.length);
    const gated = levels.filter((l) => l > mean - 20).sort((a, b) => a - b);
    if (gated.length < 2) return 0;
    const at = (q: number): number => gated[Math.min(gated.length - 1, Math.round(q * (gated.length - 1)))] as number;
    return at(0.95) - at(0.1);
  }
}

/**
 * Pulse clarity (Lartillot et al. 2008): the highest autocorrelation of the onset envelope at a beat period
 * between 0.25 and 2 s (30-240 BPM), normalised to lag 0: near 1 for a steady, marked beat.
 */
export function pulseClarity(onset: Float32Array, frameRate: number): number {
  if (onset.length < 4) return 0;
  const envelope = normaliseOnsets(onset, frameRate);
  const maxLag = Math.min(envelope.length - 1, Math.ceil(2 * frameRate));
  const acf = autocorrelate(envelope, maxLag);
  let best = 0;
  for (let lag = Math.max(1, Math.floor(0.25 * frameRate)); lag < acf.length; lag += 1) best = Math.max(best, acf[lag] as number);
  return best;
}
