import { decodeAudioFile, type AudioCodec } from './decode-audio.ts';
import { DescriptorAccumulator } from './descriptors.ts';
import { estimateKey, PITCH_CLASSES } from './key.ts';
import { LoudnessMeter } from './loudness.ts';
import { estimateEnergy, estimateMood } from './mood-model.ts';
import { predictMusicEmotion, type MusicEmotionModel } from './music-emotion-model.ts';
import { MonoResampler } from './resample.ts';
import { analyzeSpectrum } from './spectrum.ts';
import { estimateTempo, onsetRate } from './tempo.ts';

/** Bump when the analysis changes: songs analysed by an older version are analysed again. */
export const ANALYSIS_VERSION = 2;
/** Analysis sample rate: enough for tempo, chroma up to C8 and timbre, at a quarter of CD's work. */
export const ANALYSIS_RATE = 22_050;
/** The spectral features read at most this much of a track, centred (loudness reads all of it). */
export const MAX_SPECTRAL_SECONDS = 240;
/**
 * The mood descriptors read about 30 s of a track, as long as the clips the music-emotion model was trained
 * on: a track up to 60 s whole (centred 30 s), a longer one as three 10 s excerpts at a quarter, half and
 * three quarters of the spectral window, so an intro or a fade-out does not decide its mood alone.
 */
export const MOOD_EXCERPT_SECONDS = 30;
const HOP = 512;
const WINDOW = 2048;

export interface AudioFeatures {
  analysisVersion: number;
  codec: AudioCodec;
  durationSec: number;
  tempoBpm: number;
  tempoConfidence: number;
  /** Integrated loudness (BS.1770 / EBU R128), LUFS. */
  loudnessLufs: number;
  peakDbfs: number;
  /** Mean spectral centroid, Hz. */
  brightnessHz: number;
  /** Tonic pitch class 0-11 (C … B) and mode, by Krumhansl-Schmuckler. */
  key: number;
  keyName: string;
  mode: 'major' | 'minor';
  keyStrength: number;
  /** Onsets per second. */
  onsetRate: number;
  energy: number;
  /** P(positive valence) from the music-emotion model (the cue formula where no model is loaded), [0, 1]. */
  valence: number;
  /** P(high arousal), [0, 1]. */
  arousal: number;
  /** Russell quadrant probabilities Q1…Q4 (happy, tense, sad, calm); null without a model. */
  quadrants: [number, number, number, number] | null;
  /** The model's confidence in the song's mood (its most likely quadrant's probability); null without a model. */
  moodConfidence: number | null;
  /** The mood descriptors (DESCRIPTOR_NAMES order): kept so a better model can re-score without decoding. */
  descriptors: number[];
}

/** Decodes a file (streaming) and measures everything Emotune needs of it. */
export async function analyzeAudioFile(path: string, model: MusicEmotionModel | null = null, signal?: AbortSignal): Promise<AudioFeatures> {
  const resampler = new MonoResampler(ANALYSIS_RATE);
  const meter = new LoudnessMeter();
  const { codec, seconds } = await decodeAudioFile(
    path,
    (channels, rate) => {
      meter.push(channels, rate);
      resampler.push(channels, rate);
    },
    signal,
  );
  return featuresFromPcm(resampler.finish(), ANALYSIS_RATE, meter, codec, seconds, model);
}

/** Frame ranges [from, to) of the mood excerpts within `frames` analysis frames. */
export function moodExcerptFrames(frames: number, rate: number): [number, number][] {
  const perSecond = rate / HOP;
  const whole = Math.round(MOOD_EXCERPT_SECONDS * perSecond);
  if (frames <= 2 * whole) {
    const from = Math.max(0, Math.floor((frames - whole) / 2));
    return [[from, Math.min(frames, from + whole)]];
  }
  const piece = Math.round(whole / 3);
  return [0.25, 0.5, 0.75].map((at) => {
    const from = Math.round(at * frames - piece / 2);
    return [from, from + piece];
  });
}

/** The features of already-decoded mono audio (with its loudness meter): pure computation. */
export function featuresFromPcm(
  mono: Float32Array,
  rate: number,
  meter: LoudnessMeter,
  codec: AudioCodec,
  durationSec: number,
  model: MusicEmotionModel | null = null,
): AudioFeatures {
  const maxSamples = MAX_SPECTRAL_SECONDS * rate;
  const start = mono.length > maxSamples ? Math.floor((mono.length - maxSamples) / 2) : 0;
  const window = mono.subarray(start, start + maxSamples);
  const frames = window.length >= WINDOW ? Math.floor((window.length - WINDOW) / HOP) + 1 : 0;
  const excerpts = moodExcerptFrames(frames, rate);
  const accumulator = new DescriptorAccumulator(rate, WINDOW);
  let frame = 0;
  const spectrum = analyzeSpectrum(window, rate, WINDOW, HOP, (samples, power) => {
    if (excerpts.some(([from, to]) => frame >= from && frame < to)) accumulator.pushFrame(samples, power);
    frame += 1;
  });
  const tempo = estimateTempo(spectrum.onset, spectrum.frameRate);
  const key = estimateKey(spectrum.chroma);
  const integrated = meter.integrated();
  const loudnessLufs = Number.isFinite(integrated) ? integrated : -70;
  const onsets = onsetRate(spectrum.onset, spectrum.frameRate);
  const descriptors = accumulator.finish({
    loudnessLufs,
    tempoBpm: tempo.bpm,
    tempoConfidence: tempo.confidence,
    onsetRate: onsets,
    onset: spectrum.onset,
    frameRate: spectrum.frameRate,
  });
  const cues = { loudnessLufs: integrated, tempoBpm: tempo.bpm, mode: key.mode, keyStrength: key.strength, brightnessHz: spectrum.centroidHz, onsetRate: onsets };
  const learned = model ? predictMusicEmotion(model, descriptors) : null;
  const mood = learned
    ? { energy: estimateEnergy(integrated, tempo.bpm), valence: learned.valence, arousal: learned.arousal }
    : estimateMood(cues);
  return {
    analysisVersion: ANALYSIS_VERSION,
    codec,
    durationSec,
    tempoBpm: tempo.bpm,
    tempoConfidence: tempo.confidence,
    loudnessLufs,
    peakDbfs: meter.peak > 0 ? 20 * Math.log10(meter.peak) : -Infinity,
    brightnessHz: spectrum.centroidHz,
    key: key.key,
    keyName: `${PITCH_CLASSES[key.key]} ${key.mode}`,
    mode: key.mode,
    keyStrength: key.strength,
    onsetRate: onsets,
    ...mood,
    quadrants: learned?.quadrants ?? null,
    moodConfidence: learned?.confidence ?? null,
    descriptors: Array.from(descriptors),
  };
}
