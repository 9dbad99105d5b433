/**
 * From measured audio features to the {valence, energy, arousal} coordinates paper 2 recommends with,
 * each in [0, 1].
 *
 * energy: Spotify's "energy" predicted from what both Spotify and Emotune measure, loudness and tempo, by least
 * squares on the 28,355 distinct tracks of ../shared/data/songs/spotify_songs.csv.gz:
 * energy ≈ 0.9048 + 0.04075·loudness_dB + 0.000591·tempo_BPM (R² 0.47; `npm run fit:energy` refits and
 * prints these). Spotify's valence cannot be fitted that way: loudness, tempo and mode explain 0.3 % of its
 * variance in the same data.
 *
 * valence and arousal: hand-set weights on the cue directions that music-emotion research agrees on
 * (Gabrielsson & Lindström 2010, *Handbook of Music and Emotion*; Eerola, Friberg & Bresin 2013): major
 * mode, faster tempo and brighter timbre raise valence; loudness, faster tempo and denser onsets raise
 * arousal. Each cue is centred on typical popular-music values and clipped, then combined by a logistic.
 */
export interface MoodCues {
  loudnessLufs: number;
  tempoBpm: number;
  mode: 'major' | 'minor';
  keyStrength: number;
  brightnessHz: number;
  onsetRate: number;
}

export const ENERGY_FIT = { intercept: 0.9048, loudness: 0.04075, tempo: 0.000591 } as const;

const clip = (v: number, lo = -1.5, hi = 1.5): number => Math.max(lo, Math.min(hi, v));
const clamp01 = (v: number): number => Math.max(0, Math.min(1, v));
const logistic = (v: number): number => 1 / (1 + Math.exp(-v));

export function estimateEnergy(loudnessLufs: number, tempoBpm: number): number {
  if (!Number.isFinite(loudnessLufs)) return 0;
  return clamp01(ENERGY_FIT.intercept + ENERGY_FIT.loudness * loudnessLufs + ENERGY_FIT.tempo * tempoBpm);
}

export function estimateMood(cues: MoodCues): { energy: number; valence: number; arousal: number } {
  const loud = Number.isFinite(cues.loudnessLufs) ? clip((cues.loudnessLufs + 14) / 8) : -1.5;
  const tempo = clip((cues.tempoBpm - 110) / 40);
  const bright = clip((cues.brightnessHz - 1800) / 900);
  const onsets = clip((cues.onsetRate - 2.5) / 1.5);
  const mode = (cues.mode === 'major' ? 1 : -1) * clamp01(cues.keyStrength / 0.6);
  return {
    energy: estimateEnergy(cues.loudnessLufs, cues.tempoBpm),
    valence: logistic(0.9 * mode + 0.5 * tempo + 0.4 * bright + 0.2 * loud),
    arousal: logistic(1.0 * loud + 0.5 * tempo + 0.5 * onsets + 0.3 * bright),
  };
}
