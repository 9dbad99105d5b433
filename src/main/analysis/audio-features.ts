import { decodeAudioFile, type AudioCodec } from './decode-audio.ts';
import { estimateKey, PITCH_CLASSES } from './key.ts';
import { LoudnessMeter } from './loudness.ts';
import { estimateMood } from './mood-model.ts';
import { MonoResampler } from './resample.ts';
import { analyzeSpectrum } from './spectrum.ts';
import { estimateTempo, onsetRate } from './tempo.ts';

/** Bump when the analysis changes: songs analysed by an older version are analysed again. */
export const ANALYSIS_VERSION = 1;
/** Analysis sample rate: enough for tempo, chroma up to C8 and timbre, at a quarter of CD's work. */
export const ANALYSIS_RATE = 22_050;
/** The spectral features read at most this much of a track, centred (loudness reads all of it). */
export const MAX_SPECTRAL_SECONDS = 240;

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
  valence: number;
  arousal: number;
}

/** Decodes a file (streaming) and measures everything Emotune needs of it. */
export async function analyzeAudioFile(path: string, signal?: AbortSignal): Promise<AudioFeatures> {
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
  return featuresFromPcm(resampler.finish(), ANALYSIS_RATE, meter, codec, seconds);
}

/** The features of already-decoded mono audio (with its loudness meter): pure computation. */
export function featuresFromPcm(
  mono: Float32Array,
  rate: number,
  meter: LoudnessMeter,
  codec: AudioCodec,
  durationSec: number,
): AudioFeatures {
  const maxSamples = MAX_SPECTRAL_SECONDS * rate;
  const start = mono.length > maxSamples ? Math.floor((mono.length - maxSamples) / 2) : 0;
  const window = mono.subarray(start, start + maxSamples);
  const spectrum = analyzeSpectrum(window, rate);
  const tempo = estimateTempo(spectrum.onset, spectrum.frameRate);
  const key = estimateKey(spectrum.chroma);
  const loudnessLufs = meter.integrated();
  const onsets = onsetRate(spectrum.onset, spectrum.frameRate);
  const mood = estimateMood({
    loudnessLufs,
    tempoBpm: tempo.bpm,
    mode: key.mode,
    keyStrength: key.strength,
    brightnessHz: spectrum.centroidHz,
    onsetRate: onsets,
  });
  return {
    analysisVersion: ANALYSIS_VERSION,
    codec,
    durationSec,
    tempoBpm: tempo.bpm,
    tempoConfidence: tempo.confidence,
    loudnessLufs: Number.isFinite(loudnessLufs) ? loudnessLufs : -70,
    peakDbfs: meter.peak > 0 ? 20 * Math.log10(meter.peak) : -Infinity,
    brightnessHz: spectrum.centroidHz,
    key: key.key,
    keyName: `${PITCH_CLASSES[key.key]} ${key.mode}`,
    mode: key.mode,
    keyStrength: key.strength,
    onsetRate: onsets,
    ...mood,
  };
}
