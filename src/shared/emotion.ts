import { z } from 'zod';

/**
 * The one label order: FER-2013's class indices 0..6 (Goodfellow et al. 2013, arXiv:1307.0414).
 * Every model's output vector is read in this order.
 */
export const EMOTIONS = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'] as const;

export type Emotion = (typeof EMOTIONS)[number];

export const EmotionSchema = z.enum(EMOTIONS);

/** One probability per emotion, each in [0, 1], summing to 1 for a softmax output. */
export type Probabilities = Record<Emotion, number>;

export const ProbabilitiesSchema = z.record(EmotionSchema, z.number().min(0).max(1));

/** Pairs a model's output vector (FER-2013 order) with the labels. */
export function toProbabilities(vector: ArrayLike<number>): Probabilities {
  if (vector.length !== EMOTIONS.length) {
    throw new RangeError(`expected ${EMOTIONS.length} class scores, got ${vector.length}`);
  }
  const out = {} as Probabilities;
  EMOTIONS.forEach((emotion, i) => {
    out[emotion] = vector[i] ?? 0;
  });
  return out;
}

/** The most probable emotion and its probability; ties go to the earlier label. */
export function topEmotion(probabilities: Probabilities): { emotion: Emotion; confidence: number } {
  let best: Emotion = EMOTIONS[0];
  for (const emotion of EMOTIONS) {
    if (probabilities[emotion] > probabilities[best]) best = emotion;
  }
  return { emotion: best, confidence: probabilities[best] };
}

export function isEmotion(value: unknown): value is Emotion {
  return typeof value === 'string' && (EMOTIONS as readonly string[]).includes(value);
}
