import { classScores, pearson } from '../../shared/statistics.ts';

export { pearson };

/**
 * Scores for music emotion recognition against labelled clips: ranking quality of valence and arousal (ROC
 * AUC against the quadrant's sign, Pearson and Spearman against continuous ratings), and quadrant
 * classification (accuracy, macro-F1, confusion). Pure functions.
 */

export const QUADRANTS = ['Q1', 'Q2', 'Q3', 'Q4'] as const;
export type Quadrant = (typeof QUADRANTS)[number];

/** Q1 and Q4 are positive valence; Q1 and Q2 high arousal (Russell's circumplex, counter-clockwise). */
export const isPositiveValence = (q: Quadrant): boolean => q === 'Q1' || q === 'Q4';
export const isHighArousal = (q: Quadrant): boolean => q === 'Q1' || q === 'Q2';

/** Area under the ROC curve: the chance a random positive scores above a random negative (ties count half). */
export function rocAuc(scores: readonly number[], positive: readonly boolean[]): number {
  const order = scores.map((s, i) => ({ s, p: positive[i] as boolean })).sort((a, b) => a.s - b.s);
  let rankSumPositive = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && (order[j] as { s: number }).s === (order[i] as { s: number }).s) j += 1;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k += 1) {
      if ((order[k] as { p: boolean }).p) {
        rankSumPositive += averageRank;
        positives += 1;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Ranks from 1, ties sharing their mean rank. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && (order[j] as { v: number }).v === (order[i] as { v: number }).v) j += 1;
    for (let k = i; k < j; k += 1) out[(order[k] as { i: number }).i] = (i + 1 + j) / 2;
    i = j;
  }
  return out;
}

export const spearman = (a: readonly number[], b: readonly number[]): number => pearson(ranks(a), ranks(b));

export interface ClassificationScores {
  accuracy: number;
  macroF1: number;
  perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  /** confusion[true][predicted], in `labels` order. */
  confusion: number[][];
  labels: string[];
}

export function classificationScores(truth: readonly string[], predicted: readonly string[], labels: readonly string[]): ClassificationScores {
  const index = new Map(labels.map((l, i) => [l, i]));
  const confusion = labels.map(() => labels.map(() => 0));
  let correct = 0;
  truth.forEach((t, i) => {
    const p = predicted[i] as string;
    if (t === p) correct += 1;
    const row = confusion[index.get(t) ?? -1];
    const column = index.get(p);
    if (row && column !== undefined) row[column] = (row[column] as number) + 1;
  });
  const perClass: ClassificationScores['perClass'] = {};
  const f1s: number[] = [];
  labels.forEach((label, c) => {
    const scores = classScores(confusion, c);
    perClass[label] = scores;
    if (scores.support > 0) f1s.push(scores.f1);
  });
  return {
    accuracy: truth.length > 0 ? correct / truth.length : Number.NaN,
    macroF1: f1s.length > 0 ? f1s.reduce((a, b) => a + b, 0) / f1s.length : Number.NaN,
    perClass,
    confusion,
    labels: [...labels],
  };
}

export interface MerPrediction {
  valence: number;
  arousal: number;
  quadrants: readonly number[];
}

export interface MerLabel {
  quadrant: Quadrant;
  /** Continuous ratings where the data has them (mer4q: tag valence/arousal, 1-9). */
  valence?: number | null;
  arousal?: number | null;
}

export interface MerScores {
  clips: number;
  valence: { auc: number; pearson: number | null; spearman: number | null };
  arousal: { auc: number; pearson: number | null; spearman: number | null };
  quadrant: ClassificationScores;
}

const round = (v: number, digits = 4): number => (Number.isFinite(v) ? Math.round(v * 10 ** digits) / 10 ** digits : v);

export function scoreMer(predictions: readonly MerPrediction[], labels: readonly MerLabel[]): MerScores {
  const continuous = (key: 'valence' | 'arousal'): { pearson: number | null; spearman: number | null } => {
    const pairs = labels.flatMap((l, i) => (typeof l[key] === 'number' ? [[(predictions[i] as MerPrediction)[key], l[key] as number]] : []));
    if (pairs.length < 3) return { pearson: null, spearman: null };
    const a = pairs.map((p) => p[0] as number);
    const b = pairs.map((p) => p[1] as number);
    return { pearson: round(pearson(a, b)), spearman: round(spearman(a, b)) };
  };
  const predictedQuadrant = predictions.map((p) => QUADRANTS[p.quadrants.indexOf(Math.max(...p.quadrants))] as Quadrant);
  const quadrant = classificationScores(
    labels.map((l) => l.quadrant),
    predictedQuadrant,
    QUADRANTS,
  );
  return {
    clips: predictions.length,
    valence: { auc: round(rocAuc(predictions.map((p) => p.valence), labels.map((l) => isPositiveValence(l.quadrant)))), ...continuous('valence') },
    arousal: { auc: round(rocAuc(predictions.map((p) => p.arousal), labels.map((l) => isHighArousal(l.quadrant)))), ...continuous('arousal') },
    quadrant: { ...quadrant, accuracy: round(quadrant.accuracy), macroF1: round(quadrant.macroF1) },
  };
}
