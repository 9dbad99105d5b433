import type { Emotion } from '../../shared/emotion.ts';

/**
 * Where each listener emotion points in the valence–arousal plane of the music (both in [0, 1]: the music
 * model's P(positive valence) and P(high arousal), or a CSV's Spotify valence and energy), and how wide a
 * region around that point still fits it.
 *
 * Seven distinct targets, placed after Russell's circumplex (Russell 1980, "A circumplex model of affect",
 * where these emotion words sit on the valence and arousal axes) and the music-emotion quadrant naming of
 * Panda et al. 2018 (Q1 happy/excited, Q2 angry/tense/anxious, Q3 sad/depressed, Q4 calm/relaxed):
 * - happy: clearly positive and lively (Q1), not the most frantic music.
 * - surprise: positive and the most aroused (Q1, high).
 * - angry: the most negative and most aroused music (Q2 corner): loud, harsh, fast.
 * - fear: negative and tense, but less violent than anger (Q2, towards the centre: anxious, suspenseful).
 * - disgust: negative, moderately aroused (Q2, lower: dark, heavy, brooding).
 * - sad: negative and quiet (Q3).
 * - neutral: mildly positive, calm (Q4): unobtrusive music for a resting face.
 * The radii say how far from the point a song still fits (a Gaussian falloff, one radius = 61 %).
 */
export interface MoodTarget {
  valence: number;
  arousal: number;
  radiusValence: number;
  radiusArousal: number;
  /** The quadrant counted as relevant to this emotion when scoring against quadrant labels (eval-rec). */
  quadrant: 'Q1' | 'Q2' | 'Q3' | 'Q4';
  /** Plain words for the region, for "why this song". */
  words: string;
}

export const MOOD_TARGETS: Record<Emotion, MoodTarget> = {
  happy: { valence: 0.85, arousal: 0.7, radiusValence: 0.25, radiusArousal: 0.3, quadrant: 'Q1', words: 'bright and lively' },
  surprise: { valence: 0.7, arousal: 0.9, radiusValence: 0.3, radiusArousal: 0.2, quadrant: 'Q1', words: 'upbeat and energetic' },
  angry: { valence: 0.1, arousal: 0.9, radiusValence: 0.25, radiusArousal: 0.2, quadrant: 'Q2', words: 'intense and aggressive' },
  fear: { valence: 0.25, arousal: 0.72, radiusValence: 0.2, radiusArousal: 0.25, quadrant: 'Q2', words: 'tense and restless' },
  disgust: { valence: 0.15, arousal: 0.6, radiusValence: 0.2, radiusArousal: 0.3, quadrant: 'Q2', words: 'dark and heavy' },
  sad: { valence: 0.15, arousal: 0.15, radiusValence: 0.25, radiusArousal: 0.25, quadrant: 'Q3', words: 'quiet and melancholic' },
  neutral: { valence: 0.7, arousal: 0.3, radiusValence: 0.3, radiusArousal: 0.25, quadrant: 'Q4', words: 'calm and easy-going' },
};

/**
 * Lift mode's destination (the iso principle of music therapy, Altshuler 1948; Heiderscheit & Madson 2015:
 * meet the listener's mood first, then lead step by step towards the wanted state): calm and positive music.
 */
export const LIFT_GOAL: MoodTarget = {
  valence: 0.8,
  arousal: 0.4,
  radiusValence: 0.25,
  radiusArousal: 0.25,
  quadrant: 'Q4',
  words: 'calm and positive',
};

/** The target `step` of `steps` songs along the way from `from` to `to` (step 0 = from). */
export function interpolateTarget(from: MoodTarget, to: MoodTarget, step: number, steps: number): MoodTarget {
  const t = steps <= 1 ? 0 : step / (steps - 1);
  const mix = (a: number, b: number): number => a + (b - a) * t;
  return {
    valence: mix(from.valence, to.valence),
    arousal: mix(from.arousal, to.arousal),
    radiusValence: mix(from.radiusValence, to.radiusValence),
    radiusArousal: mix(from.radiusArousal, to.radiusArousal),
    quadrant: t < 0.5 ? from.quadrant : to.quadrant,
    words: t < 0.5 ? from.words : to.words,
  };
}

/** How well a song at (valence, arousal) fits a target region: 1 at its centre, a Gaussian falloff. */
export function regionFit(target: MoodTarget, valence: number, arousal: number): number {
  const dv = (valence - target.valence) / target.radiusValence;
  const da = (arousal - target.arousal) / target.radiusArousal;
  return Math.exp(-0.5 * (dv * dv + da * da));
}

/**
 * The factor a listener's feedback puts on a song's score for one emotion. Each play to the end counts for
 * it and each skip in the first 30 s against it: ×1.5 per net play, up to four each way. A thumbs-up
 * doubles-and-a-quarter it (two plays' worth); a thumbs-down all but removes the song for that emotion
 * (×0.05): it comes back only when nothing else fits.
 */
export function feedbackFactor(feedback: { likes: number; dislikes: number; thumb: -1 | 0 | 1 }): number {
  const plays = 1.5 ** Math.max(-4, Math.min(4, feedback.likes - feedback.dislikes));
  const thumb = feedback.thumb === 1 ? 2.25 : feedback.thumb === -1 ? 0.05 : 1;
  return plays * thumb;
}

/**
 * The confidence weight of a song: a model unsure of the song's mood (0.25, every quadrant alike) counts half
 * as much as a certain one (1), so a clear fit is preferred over a lucky point estimate.
 */
export function confidenceWeight(confidence: number): number {
  const c = Math.max(0.25, Math.min(1, confidence));
  return 0.5 + 0.5 * ((c - 0.25) / 0.75);
}

/**
 * The confidence of a song known only by coordinates (a CSV's Spotify valence and energy): its most likely
 * quadrant's probability, reading the coordinates as independent probabilities, the way the music model's
 * confidence is read. 0.25 at the centre, 1 in a corner.
 */
export function coordinateConfidence(valence: number, arousal: number): number {
  const v = Math.max(valence, 1 - valence);
  const a = Math.max(arousal, 1 - arousal);
  return v * a;
}

/** Plain words for a song's place in the plane, e.g. "calm · minor · slow". */
export function describeSong(valence: number, arousal: number, extras: { mode?: 'major' | 'minor' | null; tempoBpm?: number | null }): string {
  const parts: string[] = [];
  parts.push(arousal >= 0.65 ? 'energetic' : arousal <= 0.35 ? 'calm' : 'moderate energy');
  parts.push(valence >= 0.65 ? 'positive' : valence <= 0.35 ? 'dark' : 'bittersweet');
  if (extras.mode) parts.push(extras.mode);
  if (typeof extras.tempoBpm === 'number' && extras.tempoBpm > 0) {
    parts.push(extras.tempoBpm < 90 ? 'slow' : extras.tempoBpm > 130 ? 'fast' : 'mid-tempo');
  }
  return parts.join(' · ');
}

/** Why a song is in the list, after its sound: "fits sad · you chose it for sad", "step 3 of 5 towards calm". */
export function explainPick(pick: {
  emotion: string;
  mode: 'match' | 'lift';
  step: number;
  steps: number;
  assigned: boolean;
  /** Net plays minus skips, thumbs counted double. */
  net: number;
  thumb: -1 | 0 | 1;
}): string {
  const { emotion, step, steps } = pick;
  const notes = [
    pick.mode === 'match'
      ? `fits ${emotion}`
      : step === 0
        ? `meets ${emotion}`
        : step === steps - 1
          ? 'arrives at calm and positive'
          : `step ${step + 1} of ${steps} towards calm`,
  ];
  if (pick.assigned) notes.push(`you chose it for ${emotion}`);
  if (pick.net > 0) notes.push(`you liked it when ${emotion}`);
  if (pick.net < 0) notes.push(pick.thumb === -1 ? `you said not for ${emotion}` : 'you skipped it before');
  return notes.join(' · ');
}
