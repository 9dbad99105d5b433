import { decodeAudioFile, excerptWindows, type AudioCodec } from './decode-audio.ts';
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
const HOP = 512;
const WINDOW = 2048;

export interface AudioFeatures {
  analysisVersion: number;
  codec: AudioCodec;
  /** The track's length: from its tags when only excerpts were decoded, else as decoded. */
  durationSec: number;
  /** Seconds of audio the features were measured on (the whole track up to a minute, else three excerpts). */
  analysedSec: number;
  tempoBpm: number;
  tempoConfidence: number;
  /** Integrated loudness (BS.1770 / EBU R128), LUFS, of the audio analysed (a long track's three excerpts). */
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

/**
 * Decodes what the analysis needs of a file (the whole of a track up to a minute, else three 10 s excerpts,
 * see decode-audio.ts; `durationSec` is the track's length from its tags, when known) and measures it.
 */
export async function analyzeAudioFile(
  path: string,
  model: MusicEmotionModel | null = null,
  signal?: AbortSignal,
  durationSec?: number | null,
): Promise<AudioFeatures> {
  const resamplers: MonoResampler[] = [];
  const meter = new LoudnessMeter();
  const { codec, seconds, excerpts } = await decodeAudioFile(
    path,
    (channels, rate, excerpt) => {
      meter.push(channels, rate);
      (resamplers[excerpt] ??= new MonoResampler(ANALYSIS_RATE)).push(channels, rate);
    },
    signal,
    durationSec,
  );
  const monos = resamplers.filter(Boolean).map((r) => r.finish());
  const length = excerpts > 1 ? (durationSec as number) : seconds;
  return featuresFromExcerpts(excerpts > 1 ? monos : cutExcerpts(monos[0] ?? new Float32Array(0), ANALYSIS_RATE), ANALYSIS_RATE, meter, codec, length, model);
}

/**
 * The features of audio the app window decoded (an M4A song): per excerpt, per channel, at `rate`. Loudness
 * is measured on the channels as given (BS.1770 at that rate); each excerpt is mixed to mono for the rest.
 */
export function analyzeDecodedAudio(
  excerpts: readonly (readonly Float32Array[])[],
  rate: number,
  durationSec: number | null,
  model: MusicEmotionModel | null = null,
): AudioFeatures {
  const meter = new LoudnessMeter();
  const monos = excerpts.map((channels) => {
    meter.push(channels, rate);
    const resampler = new MonoResampler(ANALYSIS_RATE);
    resampler.push(channels, rate);
    return resampler.finish();
  });
  const seconds = monos.reduce((a, m) => a + m.length / ANALYSIS_RATE, 0);
  const parts = monos.length > 1 ? monos : cutExcerpts(monos[0] ?? new Float32Array(0), ANALYSIS_RATE);
  return featuresFromExcerpts(parts, ANALYSIS_RATE, meter, 'mp4', monos.length > 1 && durationSec ? durationSec : seconds, model);
}

/** A whole decoded track as the analysis reads it: itself up to a minute, else its three excerpts. */
export function cutExcerpts(mono: Float32Array, rate: number): Float32Array[] {
  const windows = excerptWindows(mono.length / rate);
  if (!windows) return [mono];
  return windows.map(([from, to]) => mono.subarray(Math.max(0, Math.round(from * rate)), Math.round(to * rate)));
}

/** The features of the decoded mono excerpts of a track (with its loudness meter): pure computation. */
export function featuresFromExcerpts(
  excerpts: readonly Float32Array[],
  rate: number,
  meter: LoudnessMeter,
  codec: AudioCodec,
  durationSec: number,
  model: MusicEmotionModel | null = null,
): AudioFeatures {
  const accumulator = new DescriptorAccumulator(rate, WINDOW);
  const onsets: Float32Array[] = [];
  const chroma = new Array<number>(12).fill(0);
  let centroidSum = 0;
  let frames = 0;
  let frameRate = rate / HOP;
  for (const mono of excerpts) {
    const spectrum = analyzeSpectrum(mono, rate, WINDOW, HOP, (frame) => accumulator.pushFrame(frame));
    onsets.push(spectrum.onset);
    spectrum.chroma.forEach((c, i) => (chroma[i] = (chroma[i] as number) + c * spectrum.frames));
    centroidSum += spectrum.centroidHz * spectrum.frames;
    frames += spectrum.frames;
    frameRate = spectrum.frameRate;
  }
  // The excerpts' onset envelopes end to end: the two joins add a frame of flux each, nothing a period shows.
  const onset = new Float32Array(onsets.reduce((a, o) => a + o.length, 0));
  onsets.reduce((at, o) => (onset.set(o, at), at + o.length), 0);
  const tempo = estimateTempo(onset, frameRate);
  const key = estimateKey(chroma.map((c) => (frames > 0 ? c / frames : 0)));
  const brightnessHz = frames > 0 ? centroidSum / frames : 0;
  const integrated = meter.integrated();
  const loudnessLufs = Number.isFinite(integrated) ? integrated : -70;
  const density = onsetRate(onset, frameRate);
  const descriptors = accumulator.finish({
    loudnessLufs,
    tempoBpm: tempo.bpm,
    tempoConfidence: tempo.confidence,
    onsetRate: density,
    onset,
    frameRate,
  });
  const cues = { loudnessLufs: integrated, tempoBpm: tempo.bpm, mode: key.mode, keyStrength: key.strength, brightnessHz, onsetRate: density };
  const learned = model ? predictMusicEmotion(model, descriptors) : null;
  const mood = learned
    ? { energy: estimateEnergy(integrated, tempo.bpm), valence: learned.valence, arousal: learned.arousal }
    : estimateMood(cues);
  return {
    analysisVersion: ANALYSIS_VERSION,
    codec,
    durationSec,
    analysedSec: excerpts.reduce((a, m) => a + m.length / rate, 0),
    tempoBpm: tempo.bpm,
    tempoConfidence: tempo.confidence,
    loudnessLufs,
    peakDbfs: meter.peak > 0 ? 20 * Math.log10(meter.peak) : -Infinity,
    brightnessHz,
    key: key.key,
    keyName: `${PITCH_CLASSES[key.key]} ${key.mode}`,
    mode: key.mode,
    keyStrength: key.strength,
    onsetRate: density,
    ...mood,
    quadrants: learned?.quadrants ?? null,
    moodConfidence: learned?.confidence ?? null,
    descriptors: Array.from(descriptors),
  };
}
