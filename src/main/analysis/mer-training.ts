import { seededRandom } from '../../shared/statistics.ts';
import { fitLogistic, linear, sigmoid, standardisation, standardise, type LinearHead } from './logistic.ts';
import { isHighArousal, isPositiveValence, scoreMer, type MerLabel, type MerPrediction, type MerScores } from './mer-metrics.ts';
import { combineHierarchy, type MusicEmotionModel } from './music-emotion-model.ts';

/**
 * Training and cross-validation of the music-emotion model, pure: descriptor rows and labels in, heads and
 * scores out. Folds are grouped by artist (one artist's clips never sit on both sides of a split, so the
 * model cannot score by recognising a voice or a production), and the L2 strength is chosen inside each
 * training part by an inner grouped cross-validation, never on the fold it is scored on.
 */

export interface TrainingExample extends MerLabel {
  descriptors: readonly number[];
  /** Grouping key for the folds: the artist, else the file. */
  group: string;
}

/** Candidate L2 strengths (per-sample mean log loss + λ/2·|w|² on standardised descriptors). */
export const LAMBDAS = [0.003, 0.01, 0.03, 0.1, 0.3, 1] as const;

/** Assigns each group to one of `k` folds at random (seeded), balancing the number of examples per fold. */
export function groupedFolds(groups: readonly string[], k: number, random: () => number): number[] {
  const sizes = new Map<string, number>();
  for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  const order = [...sizes.keys()].map((g) => ({ g, r: random() })).sort((a, b) => a.r - b.r);
  // Largest groups first (ties in random order), each into the currently smallest fold.
  order.sort((a, b) => (sizes.get(b.g) as number) - (sizes.get(a.g) as number));
  const load = new Array<number>(k).fill(0);
  const foldOf = new Map<string, number>();
  for (const { g } of order) {
    let best = 0;
    for (let f = 1; f < k; f += 1) if ((load[f] as number) < (load[best] as number)) best = f;
    foldOf.set(g, best);
    load[best] = (load[best] as number) + (sizes.get(g) as number);
  }
  return groups.map((g) => foldOf.get(g) as number);
}

type HeadName = 'arousal' | 'valenceHigh' | 'valenceLow';
export type Lambdas = Record<HeadName, number>;
const HEADS: readonly HeadName[] = ['arousal', 'valenceHigh', 'valenceLow'];

interface Heads extends Record<HeadName, LinearHead> {
  mean: number[];
  scale: number[];
}

/**
 * The examples each head learns from, and its 0/1 target: the valence heads see one half of the plane each.
 * `split` false (the ablation): both valence heads learn from every example, so they are one valence head.
 */
function headData(head: HeadName, e: TrainingExample, split = true): number | null {
  if (head === 'arousal') return isHighArousal(e.quadrant) ? 1 : 0;
  if (split && (head === 'valenceHigh') !== isHighArousal(e.quadrant)) return null;
  return isPositiveValence(e.quadrant) ? 1 : 0;
}

function fitHeads(examples: readonly TrainingExample[], lambdas: Lambdas, split = true): Heads {
  const { mean, scale } = standardisation(examples.map((e) => e.descriptors));
  const x = examples.map((e) => standardise(e.descriptors, mean, scale));
  const fit = (head: HeadName): LinearHead => {
    const rows = examples.flatMap((e, i) => {
      const y = headData(head, e, split);
      return y === null ? [] : [{ x: x[i] as Float64Array, y }];
    });
    return fitLogistic(rows.map((r) => r.x), rows.map((r) => r.y), lambdas[head]);
  };
  return { mean, scale, arousal: fit('arousal'), valenceHigh: fit('valenceHigh'), valenceLow: fit('valenceLow') };
}

function headProbabilities(heads: Heads, descriptors: readonly number[]): Record<HeadName, number> {
  const x = standardise(descriptors, heads.mean, heads.scale);
  return { arousal: sigmoid(linear(heads.arousal, x)), valenceHigh: sigmoid(linear(heads.valenceHigh, x)), valenceLow: sigmoid(linear(heads.valenceLow, x)) };
}

function predict(heads: Heads, descriptors: readonly number[]): MerPrediction {
  const p = headProbabilities(heads, descriptors);
  return combineHierarchy(p.arousal, p.valenceHigh, p.valenceLow);
}

const logLoss = (p: number, y: number): number => -Math.log(Math.max(1e-9, y === 1 ? p : 1 - p));

/** The λ of each head with the lowest inner grouped-CV log loss (on the examples that head learns from). */
export function chooseLambdas(examples: readonly TrainingExample[], folds: number, seed: number, split = true): Lambdas {
  const assignment = groupedFolds(examples.map((e) => e.group), folds, seededRandom(seed));
  const loss = Object.fromEntries(HEADS.map((h) => [h, new Map<number, number>()])) as Record<HeadName, Map<number, number>>;
  for (const lambda of LAMBDAS) {
    const total: Record<HeadName, number> = { arousal: 0, valenceHigh: 0, valenceLow: 0 };
    for (let f = 0; f < folds; f += 1) {
      const train = examples.filter((_, i) => assignment[i] !== f);
      const test = examples.filter((_, i) => assignment[i] === f);
      if (test.length === 0 || train.length === 0) continue;
      const heads = fitHeads(train, { arousal: lambda, valenceHigh: lambda, valenceLow: lambda }, split);
      for (const e of test) {
        const p = headProbabilities(heads, e.descriptors);
        for (const head of HEADS) {
          const y = headData(head, e, split);
          if (y !== null) total[head] += logLoss(p[head], y);
        }
      }
    }
    for (const head of HEADS) loss[head].set(lambda, total[head]);
  }
  const best = (m: Map<number, number>): number => [...m.entries()].sort((a, b) => a[1] - b[1])[0]?.[0] ?? 0.1;
  return { arousal: best(loss.arousal), valenceHigh: best(loss.valenceHigh), valenceLow: best(loss.valenceLow) };
}

export interface CrossValidation {
  method: string;
  repeats: number;
  folds: number;
  /** Scores of each repeat's out-of-fold predictions over every example. */
  perRepeat: MerScores[];
  /** Mean and standard deviation over the repeats. */
  summary: Record<string, { mean: number; sd: number }>;
  /** Out-of-fold predictions of the first repeat, in example order. */
  predictions: MerPrediction[];
  lambdasChosen: Lambdas[];
}

/** Repeated grouped k-fold cross-validation, with λ chosen by an inner grouped CV in each training part. */
export function crossValidate(
  examples: readonly TrainingExample[],
  options: {
    folds: number;
    repeats: number;
    innerFolds: number;
    seed: number;
    /** false: one valence head for all songs instead of one per arousal half (the ablation). */
    split?: boolean;
    onFold?: (repeat: number, fold: number) => void;
  },
): CrossValidation {
  const perRepeat: MerScores[] = [];
  const lambdasChosen: Lambdas[] = [];
  let first: MerPrediction[] = [];
  for (let r = 0; r < options.repeats; r += 1) {
    const assignment = groupedFolds(examples.map((e) => e.group), options.folds, seededRandom(options.seed + r));
    const predictions: MerPrediction[] = new Array(examples.length);
    for (let f = 0; f < options.folds; f += 1) {
      options.onFold?.(r, f);
      const train = examples.filter((_, i) => assignment[i] !== f);
      const lambdas = chooseLambdas(train, options.innerFolds, options.seed + 1000 * (r + 1) + f, options.split ?? true);
      lambdasChosen.push(lambdas);
      const heads = fitHeads(train, lambdas, options.split ?? true);
      examples.forEach((e, i) => {
        if (assignment[i] === f) predictions[i] = predict(heads, e.descriptors);
      });
    }
    if (r === 0) first = predictions;
    perRepeat.push(scoreMer(predictions, examples));
  }
  const pick: Record<string, (s: MerScores) => number> = {
    valenceAuc: (s) => s.valence.auc,
    arousalAuc: (s) => s.arousal.auc,
    quadrantAccuracy: (s) => s.quadrant.accuracy,
    quadrantMacroF1: (s) => s.quadrant.macroF1,
    valencePearson: (s) => s.valence.pearson ?? Number.NaN,
    arousalPearson: (s) => s.arousal.pearson ?? Number.NaN,
  };
  const summary: CrossValidation['summary'] = {};
  for (const [name, get] of Object.entries(pick)) {
    const values = perRepeat.map(get);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length - 1));
    summary[name] = { mean: Math.round(mean * 10_000) / 10_000, sd: Math.round(sd * 10_000) / 10_000 };
  }
  return {
    method: `${options.repeats}× repeated ${options.folds}-fold cross-validation grouped by artist; L2 strength of each head chosen by an inner ${options.innerFolds}-fold grouped CV on each training part`,
    repeats: options.repeats,
    folds: options.folds,
    perRepeat,
    summary,
    predictions: first,
    lambdasChosen,
  };
}

/** The model to ship: fitted on every example, λ chosen by grouped CV on all of them. */
export function fitMusicEmotionModel(
  examples: readonly TrainingExample[],
  descriptorNames: readonly string[],
  options: { name: string; innerFolds: number; seed: number },
): { model: MusicEmotionModel; lambdas: Lambdas } {
  const lambdas = chooseLambdas(examples, options.innerFolds, options.seed);
  const heads = fitHeads(examples, lambdas);
  const round = (v: number): number => Math.round(v * 1e6) / 1e6;
  const head = (h: LinearHead): LinearHead => ({ weights: h.weights.map(round), bias: round(h.bias) });
  return {
    model: {
      format: 'emotune-music-emotion',
      version: 1,
      name: options.name,
      descriptorNames: [...descriptorNames],
      mean: heads.mean.map(round),
      scale: heads.scale.map(round),
      arousal: head(heads.arousal),
      valenceHigh: head(heads.valenceHigh),
      valenceLow: head(heads.valenceLow),
    },
    lambdas,
  };
}
