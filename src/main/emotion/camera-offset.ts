import { solveSpd } from '../../shared/linear-algebra.ts';
import { applyLogitOffset, restingFaceOffset, softmax } from './calibration.ts';
import { memberWeight } from './ensemble.ts';
import type { CameraOffset } from './model-manifest.ts';

/**
 * The camera-face correction of a model's answers (model-manifest.ts, CameraOffsetSchema): its maths, its fit
 * and its cross-fitted evaluation. Pure.
 */

const FLOOR = 1e-6;

/** How much of the correction a face of `sidePx` (its box's side in its image's pixels) gets: 0 … 1. */
export function cameraWeight(camera: Pick<CameraOffset, 'minFacePx' | 'fullFacePx'>, sidePx: number): number {
  return memberWeight({ weight: 1, minFacePx: camera.minFacePx, fullFacePx: camera.fullFacePx }, sidePx);
}

/** An answer corrected for a face of `sidePx`: softmax(log p · (1 + w(1/T − 1)) + w · offset). */
export function applyCameraOffset(probabilities: ArrayLike<number>, camera: Pick<CameraOffset, 'offset' | 'temperature' | 'minFacePx' | 'fullFacePx'>, sidePx: number): number[] {
  const w = cameraWeight(camera, sidePx);
  if (w === 0) return Array.from(probabilities);
  const scale = 1 + w * (1 / camera.temperature - 1);
  return softmax(Array.from(probabilities, (p, c) => Math.log(Math.max(FLOOR, p)) * scale + w * (camera.offset[c] ?? 0)));
}

/**
 * What a typical resting face reads as on camera: the model's resting reference (FER-2013's neutral faces)
 * corrected as a camera face's answer is. Calibration to the listener aims their resting face at it, so the
 * correction is kept, not undone, by the listener's offset.
 */
export function cameraReference(reference: ArrayLike<number>, camera: Pick<CameraOffset, 'offset' | 'temperature' | 'minFacePx' | 'fullFacePx'> | undefined | null): number[] {
  return camera ? applyCameraOffset(reference, camera, Number.POSITIVE_INFINITY) : Array.from(reference);
}

/** Strength of the L2 hold of the offset at zero (per unit of squared logit), against the mean loss. */
export const CAMERA_OFFSET_L2 = 0.01;

/**
 * Fits the correction to answers on faces of known expression: the temperature and offset minimising the
 * class-balanced cross-entropy (each expression counts alike, however many photos it has, so the set's own
 * mix of expressions is not learnt as a prior) plus `l2` times the offset's squared length. The loss is
 * convex in (1/T, offset); Newton's method, from no correction.
 */
export function fitCameraOffset(answers: readonly ArrayLike<number>[], labels: readonly number[], classes = 7, l2 = CAMERA_OFFSET_L2): { offset: number[]; temperature: number } {
  const logs = answers.map((p) => Array.from({ length: classes }, (_, c) => Math.log(Math.max(FLOOR, p[c] as number))));
  const counts = new Array<number>(classes).fill(0);
  for (const y of labels) counts[y] = (counts[y] as number) + 1;
  const present = counts.filter((n) => n > 0).length;
  const weightOf = (y: number): number => 1 / (present * (counts[y] as number));
  // Parameters: [a = 1/T, b_0 … b_(k-1)].
  const n = classes + 1;
  const theta = new Array<number>(n).fill(0);
  theta[0] = 1;
  for (let iteration = 0; iteration < 50; iteration += 1) {
    const gradient = new Float64Array(n);
    const hessian = new Float64Array(n * n); // row-major
    logs.forEach((l, i) => {
      const y = labels[i] as number;
      const w = weightOf(y);
      const q = softmax(l.map((v, c) => (theta[0] as number) * v + (theta[c + 1] as number)));
      // Jacobian rows of the logits: ∂z_c/∂a = l_c, ∂z_c/∂b_j = [c = j].
      const meanL = q.reduce((s, qc, c) => s + qc * (l[c] as number), 0);
      gradient[0] = (gradient[0] as number) + w * (meanL - (l[y] as number));
      for (let c = 0; c < classes; c += 1) gradient[c + 1] = (gradient[c + 1] as number) + w * ((q[c] as number) - (c === y ? 1 : 0));
      // Hessian of the softmax loss, J^T (diag q − q q^T) J.
      let varL = 0;
      for (let c = 0; c < classes; c += 1) varL += (q[c] as number) * ((l[c] as number) - meanL) ** 2;
      hessian[0] = (hessian[0] as number) + w * varL;
      for (let c = 0; c < classes; c += 1) {
        const cross = w * (q[c] as number) * ((l[c] as number) - meanL);
        hessian[c + 1] = (hessian[c + 1] as number) + cross;
        hessian[(c + 1) * n] = (hessian[(c + 1) * n] as number) + cross;
        for (let d = 0; d < classes; d += 1) {
          const h = w * ((c === d ? (q[c] as number) : 0) - (q[c] as number) * (q[d] as number));
          hessian[(c + 1) * n + d + 1] = (hessian[(c + 1) * n + d + 1] as number) + h;
        }
      }
    });
    for (let c = 0; c < classes; c += 1) {
      gradient[c + 1] = (gradient[c + 1] as number) + 2 * l2 * (theta[c + 1] as number);
      hessian[(c + 1) * n + c + 1] = (hessian[(c + 1) * n + c + 1] as number) + 2 * l2;
    }
    hessian[0] = (hessian[0] as number) + 1e-9;
    // Positive definite: a softmax loss's Hessian is semi-definite, and both blocks carry a ridge.
    const step = solveSpd(hessian, gradient, n);
    let change = 0;
    for (let j = 0; j < n; j += 1) {
      theta[j] = (theta[j] as number) - (step[j] as number);
      change = Math.max(change, Math.abs(step[j] as number));
    }
    theta[0] = Math.min(5, Math.max(0.2, theta[0] as number));
    if (change < 1e-9) break;
  }
  return { offset: theta.slice(1), temperature: 1 / (theta[0] as number) };
}

/** A face's answer before the camera correction, with what the cross-fit needs to know of it. */
export interface CameraFitRow {
  probabilities: readonly number[];
  /** The true expression's class index. */
  label: number;
  /** The person: a row is corrected by a fit on the other people's rows only. */
  group: string;
  /** The face box's side in its image's pixels (how much of the correction it gets). */
  sidePx: number;
}

/**
 * Each row corrected by a camera offset fitted on the other groups' rows (leave one person out): the honest
 * figure on the photos the shipped correction was fitted on. Returns the corrected answers and each group's
 * fit (the calibration to the listener needs it, to aim at that fit's camera reference).
 */
export function crossFitCameraOffset(
  rows: readonly CameraFitRow[],
  ramp: Pick<CameraOffset, 'minFacePx' | 'fullFacePx'>,
  l2 = CAMERA_OFFSET_L2,
): { corrected: number[][]; fits: Map<string, { offset: number[]; temperature: number }> } {
  const fits = new Map<string, { offset: number[]; temperature: number }>();
  for (const group of new Set(rows.map((r) => r.group))) {
    const train = rows.filter((r) => r.group !== group);
    fits.set(group, fitCameraOffset(train.map((r) => r.probabilities), train.map((r) => r.label), 7, l2));
  }
  const corrected = rows.map((r) => applyCameraOffset(r.probabilities, { ...ramp, ...(fits.get(r.group) as { offset: number[]; temperature: number }) }, r.sidePx));
  return { corrected, fits };
}

/** The resting weights a fit chooses among (how much of a listener's resting-face offset applies). */
export const RESTING_WEIGHTS = [0, 0.25, 0.5, 0.75, 1] as const;

/** One person's answers (as the model in use gives them), their expressions, and the reference their resting face aims at. */
export interface PersonAnswers {
  answers: readonly (readonly number[])[];
  labels: readonly number[];
  reference: readonly number[];
}

/**
 * How many of a person's photos read right after calibration to their resting face at `weight`: each photo
 * scored with an offset fitted on the person's other neutral photos (never on itself), as eval:calibration
 * scores it. Photos of a person with no other neutral photo are not counted.
 */
export function restingCalibratedHits(person: PersonAnswers, weight: number, neutralLabel: number): { right: number; total: number } {
  let right = 0;
  let total = 0;
  const neutral = person.answers.flatMap((a, i) => (person.labels[i] === neutralLabel ? [i] : []));
  person.answers.forEach((p, i) => {
    const fitOn = neutral.filter((n) => n !== i).map((n) => person.answers[n] as readonly number[]);
    if (fitOn.length === 0) return;
    const q = applyLogitOffset(p, restingFaceOffset(fitOn, person.reference, weight));
    total += 1;
    if (q.indexOf(Math.max(...q)) === person.labels[i]) right += 1;
  });
  return { right, total };
}

/** For each of RESTING_WEIGHTS, how many of these people's photos calibration reads right, of how many scored. */
export function restingWeightScores(people: readonly PersonAnswers[], neutralLabel: number): { weight: number; right: number; total: number }[] {
  return RESTING_WEIGHTS.map((weight) => {
    const hits = people.map((p) => restingCalibratedHits(p, weight, neutralLabel));
    return { weight, right: hits.reduce((s, h) => s + h.right, 0), total: hits.reduce((s, h) => s + h.total, 0) };
  });
}

/** The resting weight under which calibration reads the most of these people's photos right (ties: the larger). */
export function chooseRestingWeight(people: readonly PersonAnswers[], neutralLabel: number): number {
  const best = restingWeightScores(people, neutralLabel).reduce((a, b) => (b.right >= a.right ? b : a));
  return best.weight;
}

/**
 * The resting weight each group (person) would be calibrated with had it been left out of everything: chosen on
 * the other people's photos, each of them corrected by a camera offset fitted without them and without the
 * left-out person. `reference` is the model's own resting reference (FER-2013's neutral faces); each person's
 * is that reference as their correction reads it.
 */
export function crossFitRestingWeight(
  rows: readonly CameraFitRow[],
  reference: readonly number[],
  ramp: Pick<CameraOffset, 'minFacePx' | 'fullFacePx'>,
  neutralLabel: number,
  l2 = CAMERA_OFFSET_L2,
): Map<string, number> {
  const groups = [...new Set(rows.map((r) => r.group))];
  const out = new Map<string, number>();
  for (const left of groups) {
    const people: PersonAnswers[] = [];
    for (const person of groups) {
      if (person === left) continue;
      const train = rows.filter((r) => r.group !== left && r.group !== person);
      const fit = { ...ramp, ...fitCameraOffset(train.map((r) => r.probabilities), train.map((r) => r.label), 7, l2) };
      const own = rows.filter((r) => r.group === person);
      people.push({
        answers: own.map((r) => applyCameraOffset(r.probabilities, fit, r.sidePx)),
        labels: own.map((r) => r.label),
        reference: applyCameraOffset(reference, fit, Number.POSITIVE_INFINITY),
      });
    }
    out.set(left, chooseRestingWeight(people, neutralLabel));
  }
  return out;
}
