/** Small statistics shared by the main side's evaluations and measures: pure, no I/O. */

/** Pearson's correlation; NaN when either series does not vary or there are fewer than two values. */
export function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  if (n < 2) return Number.NaN;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i += 1) {
    const x = (a[i] as number) - ma;
    const y = (b[i] as number) - mb;
    num += x * y;
    da += x * x;
    db += y * y;
  }
  return da > 0 && db > 0 ? num / Math.sqrt(da * db) : Number.NaN;
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Precision, recall, F1 and support of class `c` from a confusion matrix (rows: truth, columns: predicted). */
export function classScores(confusion: readonly (readonly number[])[], c: number): ClassScores {
  const tp = confusion[c]?.[c] ?? 0;
  const support = (confusion[c] ?? []).reduce((a, b) => a + b, 0);
  const predictedCount = confusion.reduce((a, row) => a + (row[c] ?? 0), 0);
  const precision = predictedCount > 0 ? tp / predictedCount : 0;
  const recall = support > 0 ? tp / support : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, support };
}

/** A small seedable generator (mulberry32), so tests, folds and `--seed` runs repeat exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
