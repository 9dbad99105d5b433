/**
 * Calibration of a classifier's confidence (Guo et al. 2017, "On calibration of modern neural networks"):
 * answers grouped by their top probability into equal-width bins; a bin's gap is |accuracy − mean
 * confidence|; the expected calibration error is those gaps weighted by the bins' shares of the answers. Pure.
 */

export interface ReliabilityBin {
  from: number;
  to: number;
  count: number;
  /** Share of the bin's answers that were right (null for an empty bin). */
  accuracy: number | null;
  /** Mean top probability of the bin's answers (null for an empty bin). */
  confidence: number | null;
}

export interface Calibration {
  /** Expected calibration error, 0 (the confidence means what it says) … 1. */
  ece: number;
  bins: ReliabilityBin[];
}

export function calibration(confidences: readonly number[], correct: readonly boolean[], binCount = 10): Calibration {
  const sums = Array.from({ length: binCount }, () => ({ count: 0, right: 0, confidence: 0 }));
  confidences.forEach((c, i) => {
    const bin = sums[Math.min(binCount - 1, Math.max(0, Math.floor(c * binCount)))] as { count: number; right: number; confidence: number };
    bin.count += 1;
    bin.confidence += c;
    if (correct[i]) bin.right += 1;
  });
  const total = confidences.length;
  let ece = 0;
  const bins = sums.map((s, b) => {
    const accuracy = s.count > 0 ? s.right / s.count : null;
    const confidence = s.count > 0 ? s.confidence / s.count : null;
    if (accuracy !== null && confidence !== null) ece += (s.count / total) * Math.abs(accuracy - confidence);
    return { from: b / binCount, to: (b + 1) / binCount, count: s.count, accuracy, confidence };
  });
  return { ece: total > 0 ? ece : Number.NaN, bins };
}
