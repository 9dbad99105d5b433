import { z } from 'zod';
import { EmotionSchema } from '../../shared/emotion.ts';

export const EmotionTargetsSchema = z.object({
  version: z.literal(1),
  about: z.string().optional(),
  emotions: z.record(
    EmotionSchema,
    z.object({ valence: z.number().min(0).max(1), energy: z.number().min(0).max(1), tempoBpm: z.number().min(20).max(300) }),
  ),
});
export type EmotionTargets = z.infer<typeof EmotionTargetsSchema>;
export type Target = EmotionTargets['emotions'][keyof EmotionTargets['emotions']];

export interface FeatureVector {
  id: number;
  valence: number;
  energy: number;
  tempoBpm: number;
}

/** Paper 2's defaults: songs at least this similar to the mood's target… */
export const SIMILARITY_THRESHOLD = 0.85;

export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  });
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * Paper 2's content-based ranking: every song is the vector {valence, energy, tempo}, each feature min-max
 * normalised over the songs (the mood's target with the same scale, clipped to [0, 1]); songs whose cosine
 * similarity to the target reaches the threshold, most similar first.
 */
export function rankBySimilarity(
  songs: readonly FeatureVector[],
  target: Target,
  threshold = SIMILARITY_THRESHOLD,
): { id: number; similarity: number }[] {
  if (songs.length === 0) return [];
  const keys = ['valence', 'energy', 'tempoBpm'] as const;
  // A loop, not Math.min(...values): spreading 125k+ values overflows the call stack.
  const ranges = keys.map((key) => {
    let min = Infinity;
    let max = -Infinity;
    for (const song of songs) {
      const v = song[key];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return { min, max };
  });
  const scale = (value: number, i: number): number => {
    const { min, max } = ranges[i] as { min: number; max: number };
    return max > min ? Math.max(0, Math.min(1, (value - min) / (max - min))) : 0.5;
  };
  const targetVector = keys.map((key, i) => scale(target[key], i));
  return songs
    .map((song) => ({ id: song.id, similarity: cosineSimilarity(keys.map((key, i) => scale(song[key], i)), targetVector) }))
    .filter((s) => s.similarity >= threshold)
    .sort((a, b) => b.similarity - a.similarity || a.id - b.id);
}
