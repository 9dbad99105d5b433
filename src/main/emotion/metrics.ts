import { EMOTIONS, type Emotion } from '../../shared/emotion.ts';
import { classScores } from '../../shared/statistics.ts';

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationMetrics {
  accuracy: number;
  macroF1: number;
  perClass: Record<Emotion, ClassMetrics>;
  /** confusion[truth][predicted], in EMOTIONS order. */
  confusion: number[][];
  count: number;
}

/** Accuracy, macro-F1 (the unweighted mean over the 7 classes), per-class scores and the confusion matrix. */
export function classificationMetrics(truth: readonly number[], predicted: readonly number[]): ClassificationMetrics {
  if (truth.length !== predicted.length) throw new RangeError('truth and predictions differ in length');
  const k = EMOTIONS.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  truth.forEach((t, i) => {
    const row = confusion[t];
    const p = predicted[i] as number;
    if (!row || p < 0 || p >= k) throw new RangeError(`label out of range at ${i}`);
    row[p] = (row[p] as number) + 1;
  });
  const perClass = {} as Record<Emotion, ClassMetrics>;
  let correct = 0;
  let f1Sum = 0;
  EMOTIONS.forEach((emotion, c) => {
    const scores = classScores(confusion, c);
    perClass[emotion] = scores;
    correct += confusion[c]?.[c] ?? 0;
    f1Sum += scores.f1;
  });
  return { accuracy: truth.length > 0 ? correct / truth.length : 0, macroF1: f1Sum / k, perClass, confusion, count: truth.length };
}
