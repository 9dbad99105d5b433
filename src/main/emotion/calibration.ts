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

/** Temperature scaling of probabilities: p^(1/T), renormalised; T = 1 returns them as they are. */
export function applyTemperature(probabilities: ArrayLike<number>, temperature: number): number[] {
  const p = Array.from(probabilities);
  if (temperature === 1) return p;
  const powered = p.map((v) => Math.max(v, 1e-12) ** (1 / temperature));
  const sum = powered.reduce((a, b) => a + b, 0);
  return powered.map((v) => v / sum);
}

/** Mean negative log-likelihood of the true classes. */
export function negativeLogLikelihood(probabilities: readonly ArrayLike<number>[], truth: readonly number[]): number {
  let sum = 0;
  probabilities.forEach((p, i) => (sum -= Math.log(Math.max(1e-12, p[truth[i] as number] as number))));
  return sum / Math.max(1, probabilities.length);
}

/** The temperature that minimises the NLL of `probabilities` (golden-section search on log T, 0.2 … 5). */
export function fitTemperature(probabilities: readonly ArrayLike<number>[], truth: readonly number[]): number {
  const loss = (logT: number): number => negativeLogLikelihood(probabilities.map((p) => applyTemperature(p, Math.exp(logT))), truth);
  let lo = Math.log(0.2);
  let hi = Math.log(5);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = loss(a);
  let fb = loss(b);
  for (let i = 0; i < 40; i += 1) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = loss(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = loss(b);
    }
  }
  return Math.exp((lo + hi) / 2);
}

/**
 * Calibration to the listener: the logit offset that makes this person's resting (neutral) face read as a
 * typical neutral face does. `neutral`: the model's answers on the person's neutral face; `reference`: its
 * mean answer on neutral faces in general. offset = weight · (log(reference) − mean log(answer)), per class:
 * `weight` < 1 where a resting face tells only part of how a person's other expressions read (a model's
 * `restingWeight`, fitted by scripts/fit-camera-offset.ts).
 */
export function restingFaceOffset(neutral: readonly ArrayLike<number>[], reference: ArrayLike<number>, weight = 1): number[] {
  const k = reference.length;
  const mean = new Array<number>(k).fill(0);
  for (const p of neutral) for (let c = 0; c < k; c += 1) mean[c] = (mean[c] as number) + Math.log(Math.max(1e-6, p[c] as number)) / neutral.length;
  return Array.from({ length: k }, (_, c) => weight * (Math.log(Math.max(1e-6, reference[c] as number)) - (mean[c] as number)));
}

/** Probabilities from logits: exp, shifted by the largest for stability, renormalised. */
export function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exp = logits.map((l) => Math.exp(l - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((v) => v / sum);
}

/** An answer with a logit offset added: softmax(log p + offset). */
export function applyLogitOffset(probabilities: ArrayLike<number>, offset: readonly number[]): number[] {
  return softmax(Array.from(probabilities, (p, c) => Math.log(Math.max(1e-12, p)) + (offset[c] ?? 0)));
}

/** The model's answers on the listener's face while they showed one expression (a class index). */
export interface ShownExpression {
  label: number;
  answers: readonly ArrayLike<number>[];
}

/** How strongly an expression-fitted offset is held to the resting-face one (per unit of squared logit). */
export const EXPRESSION_FIT_PRIOR = 0.3;

/**
 * Calibration to the listener from their resting face *and* expressions they chose to show (a smile, a
 * frown…): starting from the resting-face offset, the logit offset that makes each shown expression read as
 * itself, by gradient descent on the mean cross-entropy per shown expression (each counts once, however many
 * frames it had), held to the resting-face offset by `prior`/2 times the squared distance, so a class the
 * listener never showed moves only as far as the shown ones need. With no expression shown it returns the
 * resting-face offset. `neutral` is the resting face's answers (labelled neutral among the shown ones too).
 */
export function expressionOffset(
  neutral: readonly ArrayLike<number>[],
  shown: readonly ShownExpression[],
  reference: ArrayLike<number>,
  neutralLabel: number,
  prior = EXPRESSION_FIT_PRIOR,
  restingWeight = 1,
): number[] {
  const start = restingFaceOffset(neutral, reference, restingWeight);
  const groups = [{ label: neutralLabel, answers: neutral }, ...shown].filter((g) => g.answers.length > 0);
  if (shown.every((g) => g.answers.length === 0)) return start;
  const k = start.length;
  // Each answer floored as restingFaceOffset floors it, once (applyLogitOffset takes the logs each step).
  const floored = groups.map((g) => g.answers.map((p) => Array.from({ length: k }, (_, c) => Math.max(1e-6, p[c] as number))));
  const offset = [...start];
  // The loss is convex, and its gradient changes by at most prior + 1/2 per group (a softmax's curvature is at
  // most 1/2), so a step of one over that converges without overshooting for any prior.
  const rate = 1 / (prior + 0.5 * groups.length);
  for (let step = 0; step < 300; step += 1) {
    const gradient = offset.map((o, c) => prior * (o - (start[c] as number)));
    groups.forEach((g, gi) => {
      const rows = floored[gi] as number[][];
      for (const row of rows) {
        const p = applyLogitOffset(row, offset);
        for (let c = 0; c < k; c += 1) gradient[c] = (gradient[c] as number) + ((p[c] as number) - (c === g.label ? 1 : 0)) / rows.length;
      }
    });
    for (let c = 0; c < k; c += 1) offset[c] = (offset[c] as number) - rate * (gradient[c] as number);
  }
  return offset;
}
