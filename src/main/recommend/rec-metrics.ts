/**
 * Ranking quality of a recommended list against binary relevance (a song is relevant to an emotion when its
 * labelled quadrant is the emotion's, see MOOD_TARGETS). Pure.
 */

/** Share of the first k songs that are relevant (a list shorter than k counts its missing songs as misses). */
export function precisionAt(relevant: readonly boolean[], k: number): number {
  if (k <= 0) return Number.NaN;
  let hits = 0;
  for (let i = 0; i < Math.min(k, relevant.length); i += 1) if (relevant[i]) hits += 1;
  return hits / k;
}

/** Normalised discounted cumulative gain at k (Järvelin & Kekäläinen 2002), binary gains. */
export function ndcgAt(relevant: readonly boolean[], k: number, totalRelevant: number): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(k, relevant.length); i += 1) if (relevant[i]) dcg += 1 / Math.log2(i + 2);
  let ideal = 0;
  for (let i = 0; i < Math.min(k, totalRelevant); i += 1) ideal += 1 / Math.log2(i + 2);
  return ideal > 0 ? dcg / ideal : Number.NaN;
}

export const mean = (values: readonly number[]): number => {
  const finite = values.filter(Number.isFinite);
  return finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN;
};
