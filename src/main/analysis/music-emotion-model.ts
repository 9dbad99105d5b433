import { z } from 'zod';
import { linear, sigmoid, standardise } from './logistic.ts';

const HeadSchema = z.object({ weights: z.array(z.number()), bias: z.number() });

/**
 * The shipped music-emotion model (assets/music-emotion/model.json, made by scripts/train-music-model.ts):
 * standardised audio descriptors → logistic heads trained on the human-checked Russell quadrants of
 * ../shared/data/mer4q. A hierarchy: P(high arousal), then P(positive valence) by a head for lively music
 * (happy Q1 against angry Q2) and one for quiet music (calm Q4 against sad Q3), since what tells a happy song
 * from an angry one (roughness, distortion) is not what tells a calm one from a sad one (mode, brightness,
 * tempo). Cross-validated, the hierarchy beats one valence head by about 6 points of quadrant accuracy
 * (README). Quadrant probabilities follow from the heads, so the point (valence, arousal) and the quadrant
 * never disagree.
 */
export const MusicEmotionModelSchema = z
  .object({
    format: z.literal('emotune-music-emotion'),
    version: z.literal(1),
    name: z.string(),
    descriptorNames: z.array(z.string()).min(1),
    mean: z.array(z.number()),
    scale: z.array(z.number().positive()),
    arousal: HeadSchema,
    /** P(positive valence | high arousal): Q1 against Q2. */
    valenceHigh: HeadSchema,
    /** P(positive valence | low arousal): Q4 against Q3. */
    valenceLow: HeadSchema,
  })
  .refine(
    (m) =>
      [m.mean, m.scale, m.arousal.weights, m.valenceHigh.weights, m.valenceLow.weights].every((a) => a.length === m.descriptorNames.length),
    { message: 'mean, scale and weights must have one value per descriptor' },
  );
export type MusicEmotionModel = z.infer<typeof MusicEmotionModelSchema>;

export interface MusicEmotion {
  /** P(positive valence), in [0, 1]: the valence coordinate the recommender uses. */
  valence: number;
  /** P(high arousal), in [0, 1]. */
  arousal: number;
  /** Russell quadrants Q1 happy (+V +A), Q2 angry/tense (−V +A), Q3 sad (−V −A), Q4 calm (+V −A); sum to 1. */
  quadrants: [number, number, number, number];
  /** The most likely quadrant's probability (0.25 … 1): how sure the model is of this song's mood. */
  confidence: number;
}

/**
 * Checks that the model reads the descriptors the analyser computes, in the same order. A model trained on
 * another analyser version is refused rather than silently fed the wrong columns.
 */
export function checkModelFits(model: MusicEmotionModel, descriptorNames: readonly string[]): void {
  const same = model.descriptorNames.length === descriptorNames.length && model.descriptorNames.every((n, i) => n === descriptorNames[i]);
  if (!same) throw new Error(`music-emotion model "${model.name}" was trained on other descriptors than this analyser computes`);
}

/** The hierarchy's outputs from its three probabilities. */
export function combineHierarchy(arousal: number, valenceHigh: number, valenceLow: number): MusicEmotion {
  const quadrants: [number, number, number, number] = [
    arousal * valenceHigh,
    arousal * (1 - valenceHigh),
    (1 - arousal) * (1 - valenceLow),
    (1 - arousal) * valenceLow,
  ];
  return { valence: arousal * valenceHigh + (1 - arousal) * valenceLow, arousal, quadrants, confidence: Math.max(...quadrants) };
}

export function predictMusicEmotion(model: MusicEmotionModel, descriptors: ArrayLike<number>): MusicEmotion {
  const x = standardise(descriptors, model.mean, model.scale);
  return combineHierarchy(sigmoid(linear(model.arousal, x)), sigmoid(linear(model.valenceHigh, x)), sigmoid(linear(model.valenceLow, x)));
}
