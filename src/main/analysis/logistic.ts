/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS), and the standardisation of its inputs.
 * Pure functions over plain arrays: the music-emotion model's training (scripts/train-music-model.ts) and
 * its tests use them; the app only evaluates the fitted weights.
 */
import { solveSpd } from '../../shared/linear-algebra.ts';

export interface LinearHead {
  weights: number[];
  bias: number;
}

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function linear(head: LinearHead, x: ArrayLike<number>): number {
  let z = head.bias;
  for (let i = 0; i < head.weights.length; i += 1) z += (head.weights[i] as number) * (x[i] as number);
  return z;
}

/**
 * Fits P(y = 1 | x) = σ(w·x + b) minimising the mean log loss + (λ/2)|w|² (the bias is not penalised), with
 * optional per-sample weights. Rows of `x` should be standardised. Converges in a few Newton steps.
 */
export function fitLogistic(
  x: readonly ArrayLike<number>[],
  y: readonly number[],
  lambda: number,
  sampleWeights?: readonly number[],
  iterations = 25,
): LinearHead {
  const n = x.length;
  const d = x[0]?.length ?? 0;
  const p = d + 1;
  const theta = new Float64Array(p);
  const totalWeight = sampleWeights ? sampleWeights.reduce((a, b) => a + b, 0) : n;
  for (let iter = 0; iter < iterations; iter += 1) {
    const gradient = new Float64Array(p);
    const hessian = new Float64Array(p * p);
    for (let i = 0; i < n; i += 1) {
      const row = x[i] as ArrayLike<number>;
      let z = theta[d] as number;
      for (let j = 0; j < d; j += 1) z += (theta[j] as number) * (row[j] as number);
      const prob = sigmoid(z);
      const weight = (sampleWeights?.[i] ?? 1) / totalWeight;
      const residual = weight * (prob - (y[i] as number));
      const curvature = weight * Math.max(prob * (1 - prob), 1e-6);
      for (let j = 0; j < p; j += 1) {
        const xj = j < d ? (row[j] as number) : 1;
        gradient[j] = (gradient[j] as number) + residual * xj;
        const rowOffset = j * p;
        for (let k = 0; k <= j; k += 1) {
          const xk = k < d ? (row[k] as number) : 1;
          hessian[rowOffset + k] = (hessian[rowOffset + k] as number) + curvature * xj * xk;
        }
      }
    }
    for (let j = 0; j < p; j += 1) {
      for (let k = 0; k < j; k += 1) hessian[k * p + j] = hessian[j * p + k] as number;
      if (j < d) {
        gradient[j] = (gradient[j] as number) + lambda * (theta[j] as number);
        hessian[j * p + j] = (hessian[j * p + j] as number) + lambda;
      } else hessian[j * p + j] = (hessian[j * p + j] as number) + 1e-9;
    }
    const step = solveSpd(hessian, gradient, p);
    let change = 0;
    for (let j = 0; j < p; j += 1) {
      theta[j] = (theta[j] as number) - (step[j] as number);
      change = Math.max(change, Math.abs(step[j] as number));
    }
    if (change < 1e-7) break;
  }
  return { weights: Array.from(theta.subarray(0, d)), bias: theta[d] as number };
}

/** Column means and standard deviations (a column that never varies gets scale 1). */
export function standardisation(rows: readonly ArrayLike<number>[]): { mean: number[]; scale: number[] } {
  const d = rows[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const row of rows) for (let j = 0; j < d; j += 1) mean[j] = (mean[j] as number) + (row[j] as number) / rows.length;
  for (const row of rows) for (let j = 0; j < d; j += 1) scale[j] = (scale[j] as number) + ((row[j] as number) - (mean[j] as number)) ** 2;
  for (let j = 0; j < d; j += 1) {
    const sd = Math.sqrt((scale[j] as number) / Math.max(1, rows.length - 1));
    scale[j] = sd > 1e-12 ? sd : 1;
  }
  return { mean, scale };
}

/**
 * Standardised copy of a row. Values are clipped to ±5 deviations, so one unusual song (a 0 BPM track, a
 * silent file) cannot swing a linear model's output.
 */
export function standardise(row: ArrayLike<number>, mean: readonly number[], scale: readonly number[]): Float64Array {
  const out = new Float64Array(mean.length);
  for (let j = 0; j < mean.length; j += 1) {
    const z = ((row[j] as number) - (mean[j] as number)) / (scale[j] as number);
    out[j] = Number.isFinite(z) ? Math.max(-5, Math.min(5, z)) : 0;
  }
  return out;
}
