import { solveSpd } from '../../shared/linear-algebra.ts';
import { applyLogitOffset, applyTemperature, fitTemperature, softmax } from './calibration.ts';

/**
 * The face-geometry head (issue 12, calibration to the listener): once a listener has calibrated, Emotune knows
 * the shape of their resting face (face-geometry.ts, averaged over the calibration's frames) and reads every
 * later face also by how far it has moved from it. Its answer is
 *
 *   softmax(scale · log p + offset + ((g − resting − mean) / spread) · W)
 *
 * where p is the model's combined answer before its camera correction (which this replaces for the listener),
 * g the face's geometry features and `resting` the listener's. Fitted on photos of posed expressions of several
 * people, each photo's geometry taken from that person's own resting face, class-balanced, and reported left
 * one person out. Pure.
 */
export interface GeometryHeadParams {
  /** Multiplies the log-probabilities (1 / a temperature). */
  scale: number;
  offset: readonly number[];
  /** Standardisation of the geometry deltas. */
  featureMean: readonly number[];
  featureSpread: readonly number[];
  /** features × classes, row-major per feature. */
  weights: readonly (readonly number[])[];
}

/** Strength of the L2 hold of the head's weights at zero (per squared weight, against the mean loss). */
export const GEOMETRY_HEAD_L2 = 0.03;
/** And of its offset (as the camera correction's). */
const OFFSET_L2 = 0.01;
const FLOOR = 1e-6;

/** The head's logits for one face: its combined answer and its geometry's delta from the listener's resting face. */
function headLogits(probabilities: ArrayLike<number>, delta: readonly number[], head: GeometryHeadParams): number[] {
  const z = Array.from(probabilities, (p, c) => head.scale * Math.log(Math.max(FLOOR, p)) + (head.offset[c] ?? 0));
  delta.forEach((d, f) => {
    const x = (d - (head.featureMean[f] as number)) / (head.featureSpread[f] as number);
    const row = head.weights[f] as readonly number[];
    for (let c = 0; c < z.length; c += 1) z[c] = (z[c] as number) + x * (row[c] as number);
  });
  return z;
}

/** The head's answer: `features` of this face, `resting` the listener's resting face's (same length). */
export function applyGeometryHead(probabilities: ArrayLike<number>, features: readonly number[], resting: readonly number[], head: GeometryHeadParams): number[] {
  if (features.length !== head.weights.length || resting.length !== head.weights.length) {
    throw new Error(`the geometry head reads ${head.weights.length} features; got ${features.length} and ${resting.length}`);
  }
  return softmax(headLogits(probabilities, features.map((v, f) => v - (resting[f] as number)), head));
}

/**
 * What a typical resting face reads as through the head: the model's resting reference with no movement from
 * the resting face. The listener's resting-face offset aims at it (as cameraReference for the camera correction).
 */
export function geometryHeadReference(reference: ArrayLike<number>, head: GeometryHeadParams): number[] {
  return softmax(headLogits(reference, new Array<number>(head.weights.length).fill(0), head));
}

/**
 * A calibrated listener's answer through the head: its answer on this face (`combined` and `geometry`, read from
 * the listener's `resting` shape), the listener's offset added, at the head's temperature.
 */
export function applyGeometryCalibration(
  combined: ArrayLike<number>,
  geometry: readonly number[],
  resting: readonly number[],
  head: GeometryHeadParams,
  offset: readonly number[],
  temperature: number,
): number[] {
  return applyTemperature(applyLogitOffset(applyGeometryHead(combined, geometry, resting, head), offset), temperature);
}

/** A face for the fit: the model's combined answer, the geometry's delta from its person's resting face, its expression. */
export interface GeometryFitRow {
  probabilities: readonly number[];
  delta: readonly number[];
  label: number;
}

/**
 * Fits the head: scale, offset and weights minimising the class-balanced cross-entropy (each expression
 * counts alike) plus OFFSET_L2 · |offset|² and `l2` · |W|² on standardised deltas. Convex; Newton's method
 * from the model's own answer (scale 1, nothing else).
 */
export function fitGeometryHead(rows: readonly GeometryFitRow[], l2 = GEOMETRY_HEAD_L2, classes = 7): GeometryHeadParams {
  if (rows.length === 0) throw new Error('the geometry head needs faces to fit on');
  const features = (rows[0] as GeometryFitRow).delta.length;
  const featureMean = Array.from({ length: features }, (_, f) => rows.reduce((s, r) => s + (r.delta[f] as number), 0) / rows.length);
  const featureSpread = featureMean.map((m, f) => Math.sqrt(rows.reduce((s, r) => s + ((r.delta[f] as number) - m) ** 2, 0) / rows.length) + 1e-6);
  const xs = rows.map((r) => r.delta.map((d, f) => (d - (featureMean[f] as number)) / (featureSpread[f] as number)));
  const logs = rows.map((r) => Array.from({ length: classes }, (_, c) => Math.log(Math.max(FLOOR, r.probabilities[c] as number))));
  const counts = new Array<number>(classes).fill(0);
  for (const r of rows) counts[r.label] = (counts[r.label] as number) + 1;
  const present = counts.filter((n) => n > 0).length;
  // Parameters: [scale, offset_0 … offset_(k-1), W_(0,0) … W_(F-1,k-1)].
  const n = 1 + classes + features * classes;
  const theta = new Float64Array(n);
  theta[0] = 1;
  const logitsOf = (i: number, t: Float64Array): number[] => {
    const l = logs[i] as number[];
    const x = xs[i] as number[];
    return l.map((v, c) => {
      let z = (t[0] as number) * v + (t[1 + c] as number);
      for (let f = 0; f < features; f += 1) z += (x[f] as number) * (t[1 + classes + f * classes + c] as number);
      return z;
    });
  };
  const loss = (t: Float64Array): number => {
    let sum = 0;
    rows.forEach((r, i) => {
      const z = logitsOf(i, t);
      const max = Math.max(...z);
      const lse = max + Math.log(z.reduce((s, v) => s + Math.exp(v - max), 0));
      sum += (lse - (z[r.label] as number)) / (present * (counts[r.label] as number));
    });
    for (let c = 0; c < classes; c += 1) sum += OFFSET_L2 * (t[1 + c] as number) ** 2;
    for (let j = 1 + classes; j < n; j += 1) sum += l2 * (t[j] as number) ** 2;
    return sum;
  };
  // Where class c's block lives in the parameters: its offset, then its weight for each feature.
  const width = features + 1;
  const index = Array.from({ length: classes }, (_, c) => Int32Array.from({ length: width }, (_, k) => (k === 0 ? 1 + c : 1 + classes + (k - 1) * classes + c)));
  const phi = new Float64Array(width);
  let current = loss(theta);
  for (let iteration = 0; iteration < 50; iteration += 1) {
    const gradient = new Float64Array(n);
    const hessian = new Float64Array(n * n);
    // The logits' Jacobian for row i: ∂z_c/∂scale = l_c, and for class c's block (offset_c, W_(0,c) … W_(F-1,c))
    // the vector φ = (1, x_0 … x_(F-1)); the Hessian J^T A J (A = diag q − q q^T) is then, per row,
    // [scale, scale] += l^T A l, [scale, block d] += (A l)_d φ, [block c, block d] += A_cd φ φ^T.
    rows.forEach((r, i) => {
      const w = 1 / (present * (counts[r.label] as number));
      const q = softmax(logitsOf(i, theta));
      const l = logs[i] as number[];
      const x = xs[i] as number[];
      phi[0] = 1;
      for (let f = 0; f < features; f += 1) phi[f + 1] = x[f] as number;
      let meanL = 0;
      for (let c = 0; c < classes; c += 1) meanL += (q[c] as number) * (l[c] as number);
      for (let c = 0; c < classes; c += 1) {
        const qc = q[c] as number;
        const residual = w * (qc - (c === r.label ? 1 : 0));
        gradient[0] = (gradient[0] as number) + residual * (l[c] as number);
        const block = index[c] as Int32Array;
        for (let k = 0; k < width; k += 1) gradient[block[k] as number] = (gradient[block[k] as number] as number) + residual * (phi[k] as number);
        // (A l)_c = q_c (l_c − Σ q l): the scale's cross terms with class c's block, and its own.
        const al = w * qc * ((l[c] as number) - meanL);
        hessian[0] = (hessian[0] as number) + al * (l[c] as number);
        for (let k = 0; k < width; k += 1) {
          const j = block[k] as number;
          hessian[j] = (hessian[j] as number) + al * (phi[k] as number);
          hessian[j * n] = (hessian[j * n] as number) + al * (phi[k] as number);
        }
        for (let d = 0; d < classes; d += 1) {
          const a = w * ((c === d ? qc : 0) - qc * (q[d] as number));
          const other = index[d] as Int32Array;
          for (let k = 0; k < width; k += 1) {
            const row = (block[k] as number) * n;
            const ak = a * (phi[k] as number);
            for (let m = 0; m < width; m += 1) hessian[row + (other[m] as number)] = (hessian[row + (other[m] as number)] as number) + ak * (phi[m] as number);
          }
        }
      }
    });
    for (let c = 0; c < classes; c += 1) {
      gradient[1 + c] = (gradient[1 + c] as number) + 2 * OFFSET_L2 * (theta[1 + c] as number);
      hessian[(1 + c) * n + 1 + c] = (hessian[(1 + c) * n + 1 + c] as number) + 2 * OFFSET_L2;
    }
    for (let j = 1 + classes; j < n; j += 1) {
      gradient[j] = (gradient[j] as number) + 2 * l2 * (theta[j] as number);
      hessian[j * n + j] = (hessian[j * n + j] as number) + 2 * l2;
    }
    hessian[0] = (hessian[0] as number) + 1e-9;
    const step = solveSpd(hessian, gradient, n);
    // Newton's step, halved until the loss falls (the loss is convex, so a full step mostly does).
    let size = 1;
    let next = theta;
    let nextLoss = current;
    for (let tries = 0; tries < 30; tries += 1) {
      const candidate = theta.map((v, j) => v - size * (step[j] as number));
      const value = loss(candidate);
      if (value <= current) {
        next = candidate;
        nextLoss = value;
        break;
      }
      size /= 2;
    }
    const improvement = current - nextLoss;
    theta.set(next);
    current = nextLoss;
    if (improvement < 1e-12) break;
  }
  return {
    scale: theta[0] as number,
    offset: Array.from(theta.slice(1, 1 + classes)),
    featureMean,
    featureSpread,
    weights: Array.from({ length: features }, (_, f) => Array.from(theta.slice(1 + classes + f * classes, 1 + classes + (f + 1) * classes))),
  };
}

/** The resting weights the head's fit chooses among (how much of the listener's resting-face offset applies on top). */
export const GEOMETRY_RESTING_WEIGHTS = [0, 0.25, 0.5, 0.75, 1] as const;
/** The weight where none is chosen (a person scored without a choice, tests). */
export const GEOMETRY_RESTING_WEIGHT = 0.5;

/** A photo for the head's cross-fit: its person, expression, the model's combined answer and its face's shape. */
export interface GeometryPhoto {
  group: string;
  label: number;
  combined: readonly number[];
  geometry: readonly number[];
}

/** The mean of some rows' vectors (a resting face's shape: the mean of its frames' shapes). */
export function meanVector(rows: readonly (readonly number[])[]): number[] {
  const out = new Array<number>((rows[0] as readonly number[]).length).fill(0);
  for (const r of rows) r.forEach((v, j) => (out[j] = (out[j] as number) + v / rows.length));
  return out;
}

/**
 * The listener's resting-face offset on top of the head: `resting` their resting face's shape, `neutral` the
 * model's combined answers and shapes on it. Aims the resting face's reading through the head at the head's
 * reading of a typical resting face, at `weight` (as calibration.ts's restingFaceOffset).
 */
export function geometryRestingOffset(
  neutral: readonly { combined: readonly number[]; geometry: readonly number[] }[],
  resting: readonly number[],
  reference: ArrayLike<number>,
  head: GeometryHeadParams,
  weight = GEOMETRY_RESTING_WEIGHT,
): number[] {
  const target = geometryHeadReference(reference, head).map((p) => Math.log(Math.max(FLOOR, p)));
  const mean = meanVector(neutral.map((n) => applyGeometryHead(n.combined, [...n.geometry], [...resting], head).map((p) => Math.log(Math.max(FLOOR, p)))));
  return target.map((t, c) => weight * (t - (mean[c] as number)));
}

/** Each photo's neutral photos other than itself, of the same person (the calibration a photo may be read with). */
function otherNeutrals(photos: readonly GeometryPhoto[], neutralLabel: number): number[][] {
  const byGroup = new Map<string, number[]>();
  photos.forEach((p, j) => {
    if (p.label === neutralLabel) byGroup.set(p.group, [...(byGroup.get(p.group) ?? []), j]);
  });
  return photos.map((p, i) => (byGroup.get(p.group) ?? []).filter((j) => j !== i));
}

/** A head fitted on the photos of people not in `leftOut`, each photo's shape from its person's other neutral photos. */
function fitWithout(photos: readonly GeometryPhoto[], neutrals: readonly number[][], leftOut: ReadonlySet<string>, l2: number): GeometryHeadParams | null {
  const rows: GeometryFitRow[] = [];
  photos.forEach((p, i) => {
    const others = neutrals[i] as number[];
    if (leftOut.has(p.group) || others.length === 0) return;
    const resting = meanVector(others.map((j) => (photos[j] as GeometryPhoto).geometry));
    rows.push({ probabilities: p.combined, delta: p.geometry.map((v, f) => v - (resting[f] as number)), label: p.label });
  });
  return rows.length > 0 ? fitGeometryHead(rows, l2) : null;
}

/** The head fitted on all these photos (what ships), each photo's shape taken from its person's other neutral photos. */
export function fitGeometryHeadOnPhotos(photos: readonly GeometryPhoto[], neutralLabel: number, l2 = GEOMETRY_HEAD_L2): GeometryHeadParams {
  const head = fitWithout(photos, otherNeutrals(photos, neutralLabel), new Set(), l2);
  if (!head) throw new Error('the geometry head needs people with two neutral photos or more to fit on');
  return head;
}

/**
 * One person's photos read by `head`, each calibrated with the person's other neutral photos: the head's
 * log-answer and the resting-face offset at weight 1 (at weight w the answer is softmax(read + w · offset)).
 */
function readGroup(photos: readonly GeometryPhoto[], neutrals: readonly number[][], group: string, head: GeometryHeadParams, reference: ArrayLike<number>): { i: number; read: number[]; offset: number[] }[] {
  return photos.flatMap((p, i) => {
    const others = (neutrals[i] as number[]).map((j) => photos[j] as GeometryPhoto);
    if (p.group !== group || others.length === 0) return [];
    const resting = meanVector(others.map((o) => o.geometry));
    const read = applyGeometryHead(p.combined, [...p.geometry], resting, head).map((v) => Math.log(Math.max(FLOOR, v)));
    return [{ i, read, offset: geometryRestingOffset(others, resting, reference, head, 1) }];
  });
}

const argmax = (v: readonly number[]): number => v.indexOf(Math.max(...v));
const hitsAt = (scored: readonly { i: number; read: number[]; offset: number[] }[], photos: readonly GeometryPhoto[], weight: number): number =>
  scored.filter((s) => argmax(s.read.map((r, c) => r + weight * (s.offset[c] as number))) === (photos[s.i] as GeometryPhoto).label).length;

/** How a calibrated listener's answers through the head are finished: the resting-face offset's weight, then a temperature. */
export interface GeometryCalibration {
  weight: number;
  temperature: number;
}

/**
 * The resting weight (of GEOMETRY_RESTING_WEIGHTS) under which heads read these people's photos best, each person
 * read by a head fitted without them (leave one person out; ties: the weight nearer ½), and the temperature that
 * then makes the answers' confidence honest (the lowest negative log-likelihood, calibration.ts fitTemperature).
 * For the shipped head: all the photos; inside crossFitGeometryHead: all but the person being scored.
 */
export function chooseGeometryCalibration(photos: readonly GeometryPhoto[], reference: ArrayLike<number>, neutralLabel: number, l2 = GEOMETRY_HEAD_L2): GeometryCalibration {
  const neutrals = otherNeutrals(photos, neutralLabel);
  const scored: { i: number; read: number[]; offset: number[] }[] = [];
  for (const group of new Set(photos.map((p) => p.group))) {
    const head = fitWithout(photos, neutrals, new Set([group]), l2);
    if (head) scored.push(...readGroup(photos, neutrals, group, head, reference));
  }
  const hits = GEOMETRY_RESTING_WEIGHTS.map((w) => hitsAt(scored, photos, w));
  let best = 0;
  GEOMETRY_RESTING_WEIGHTS.forEach((w, k) => {
    const b = GEOMETRY_RESTING_WEIGHTS[best] as number;
    if ((hits[k] as number) > (hits[best] as number) || ((hits[k] as number) === (hits[best] as number) && Math.abs(w - 0.5) < Math.abs(b - 0.5))) best = k;
  });
  const weight = GEOMETRY_RESTING_WEIGHTS[best] as number;
  if (scored.length === 0) return { weight, temperature: 1 };
  const answers = scored.map((s) => softmax(s.read.map((r, c) => r + weight * (s.offset[c] as number))));
  return { weight, temperature: fitTemperature(answers, scored.map((s) => (photos[s.i] as GeometryPhoto).label)) };
}

/**
 * The head scored leave one person out, as a new listener meets it: for each person with a neutral photo, a head
 * fitted on the other people's photos (each photo's shape taken from the mean of its person's *other* neutral
 * photos), then each of the person's photos read with their other neutral photos as their calibration (the
 * resting shape, and the resting-face offset, then a temperature). The offset's weight and the temperature are
 * `weight` and `temperature`, or, with `weight` "chosen", those chooseGeometryCalibration picks on the other
 * people alone (nested: nothing of the person scored informs their answer). With `head` given, that head reads every person instead (photos it was not fitted on). Returns
 * per photo (in `photos`' order) the answer, or null where the person has no other neutral photo to calibrate
 * with; and the weight, temperature and head each person was read with.
 */
export function crossFitGeometryHead(
  photos: readonly GeometryPhoto[],
  reference: ArrayLike<number>,
  neutralLabel: number,
  options: { l2?: number; weight?: number | 'chosen'; temperature?: number; head?: GeometryHeadParams } = {},
): { answers: (number[] | null)[]; weights: Map<string, number>; temperatures: Map<string, number>; heads: Map<string, GeometryHeadParams> } {
  const l2 = options.l2 ?? GEOMETRY_HEAD_L2;
  const neutrals = otherNeutrals(photos, neutralLabel);
  const answers: (number[] | null)[] = photos.map(() => null);
  const weights = new Map<string, number>();
  const temperatures = new Map<string, number>();
  const heads = new Map<string, GeometryHeadParams>();
  for (const group of new Set(photos.map((p) => p.group))) {
    const head = options.head ?? fitWithout(photos, neutrals, new Set([group]), l2);
    if (!head) continue;
    heads.set(group, head);
    const { weight, temperature } =
      options.weight === 'chosen'
        ? chooseGeometryCalibration(photos.filter((p) => p.group !== group), reference, neutralLabel, l2)
        : { weight: options.weight ?? GEOMETRY_RESTING_WEIGHT, temperature: options.temperature ?? 1 };
    weights.set(group, weight);
    temperatures.set(group, temperature);
    for (const s of readGroup(photos, neutrals, group, head, reference)) {
      answers[s.i] = applyTemperature(softmax(s.read.map((r, c) => r + weight * (s.offset[c] as number))), temperature);
    }
  }
  return { answers, weights, temperatures, heads };
}
