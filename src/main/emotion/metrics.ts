import { EMOTIONS, type Emotion } from '../../shared/emotion.ts';

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
    const tp = confusion[c]?.[c] ?? 0;
    const support = (confusion[c] ?? []).reduce((a, b) => a + b, 0);
    const predictedCount = confusion.reduce((a, row) => a + (row[c] ?? 0), 0);
    const precision = predictedCount > 0 ? tp / predictedCount : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[emotion] = { precision, recall, f1, support };
    correct += tp;
    f1Sum += f1;
  });
  return { accuracy: truth.length > 0 ? correct / truth.length : 0, macroF1: f1Sum / k, perClass, confusion, count: truth.length };
}
