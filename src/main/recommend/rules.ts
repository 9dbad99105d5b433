import { z } from 'zod';
import { EmotionSchema, type Emotion } from '../../shared/emotion.ts';
import type { PlaylistBasis } from '../../shared/api/index.ts';

export const EmotionRulesSchema = z.object({
  version: z.literal(1),
  about: z.string().optional(),
  emotions: z.record(
    EmotionSchema,
    z.object({ label: z.string().min(1), terms: z.array(z.string().trim().min(1)).min(1) }),
  ),
});
export type EmotionRules = z.infer<typeof EmotionRulesSchema>;

/**
 * Picks the pool a playlist is drawn from, most specific first: songs assigned to the emotion, else songs
 * whose measured features match its target (ranked), else songs whose genre/mood tags match its terms, else
 * the whole library.
 */
export function choosePool(pools: {
  assigned: readonly number[];
  similar?: readonly number[];
  tagged: readonly number[];
  all: readonly number[];
}): { basis: PlaylistBasis; pool: readonly number[] } {
  if (pools.assigned.length > 0) return { basis: 'assigned', pool: pools.assigned };
  if (pools.similar && pools.similar.length > 0) return { basis: 'features', pool: pools.similar };
  if (pools.tagged.length > 0) return { basis: 'genre', pool: pools.tagged };
  if (pools.all.length > 0) return { basis: 'any', pool: pools.all };
  return { basis: 'empty', pool: [] };
}

/**
 * k items drawn uniformly without replacement (a partial Fisher-Yates shuffle), in draw order. `avoid` items
 * are drawn only when there are not k others, so a reshuffle changes the list where the pool allows.
 */
export function sampleWithoutReplacement<T>(
  items: readonly T[],
  k: number,
  random: () => number,
  avoid: ReadonlySet<T> = new Set(),
): T[] {
  const preferred = items.filter((item) => !avoid.has(item));
  const rest = items.filter((item) => avoid.has(item));
  const draw = (from: T[], n: number): T[] => {
    const a = [...from];
    const count = Math.min(n, a.length);
    for (let i = 0; i < count; i += 1) {
      const j = i + Math.floor(random() * (a.length - i));
      [a[i], a[j]] = [a[j] as T, a[i] as T];
    }
    return a.slice(0, count);
  };
  const first = draw(preferred, k);
  return first.length >= k ? first : [...first, ...draw(rest, k - first.length)];
}

export function termsFor(rules: EmotionRules, emotion: Emotion): string[] {
  return rules.emotions[emotion].terms;
}

export { seededRandom } from '../../shared/statistics.ts';
