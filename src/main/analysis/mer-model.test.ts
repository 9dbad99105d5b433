import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/statistics.ts';
import { DESCRIPTOR_NAMES } from './descriptors.ts';
import { solveSpd } from '../../shared/linear-algebra.ts';
import { fitLogistic, linear, sigmoid, standardisation, standardise } from './logistic.ts';
import { classificationScores, pearson, rocAuc, scoreMer, spearman } from './mer-metrics.ts';
import { crossValidate, fitMusicEmotionModel, groupedFolds, type TrainingExample } from './mer-training.ts';
import { checkModelFits, combineHierarchy, MusicEmotionModelSchema, predictMusicEmotion } from './music-emotion-model.ts';

const QUADRANT_OF = (valence: boolean, arousal: boolean) => (arousal ? (valence ? 'Q1' : 'Q2') : valence ? 'Q4' : 'Q3') as 'Q1' | 'Q2' | 'Q3' | 'Q4';

/** Clips whose first descriptor carries arousal and second valence, plus noise columns; artists of 3 clips. */
function synthetic(n: number, seed = 1): TrainingExample[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const a = random() < 0.5;
    const v = random() < 0.5;
    const noise = () => random() * 2 - 1;
    return {
      descriptors: [(a ? 1 : -1) + 0.8 * noise(), (v ? 1 : -1) + 0.8 * noise(), noise(), noise()],
      quadrant: QUADRANT_OF(v, a),
      group: `artist ${Math.floor(i / 3)}`,
    };
  });
}

describe('logistic regression', () => {
  it('solves a symmetric positive-definite system', () => {
    const x = solveSpd(Float64Array.from([4, 2, 2, 3]), Float64Array.from([2, 1]), 2);
    expect(x[0]).toBeCloseTo(0.5);
    expect(x[1]).toBeCloseTo(0);
  });

  it('learns which column carries the label, and shrinks with a stronger penalty', () => {
    const data = synthetic(300);
    const { mean, scale } = standardisation(data.map((d) => d.descriptors));
    const x = data.map((d) => standardise(d.descriptors, mean, scale));
    const y = data.map((d) => (d.quadrant === 'Q1' || d.quadrant === 'Q2' ? 1 : 0));
    const weak = fitLogistic(x, y, 0.001);
    const strong = fitLogistic(x, y, 1);
    expect(Math.abs(weak.weights[0] as number)).toBeGreaterThan(3 * Math.abs(weak.weights[2] as number));
    expect(Math.abs(strong.weights[0] as number)).toBeLessThan(Math.abs(weak.weights[0] as number));
    const accuracy = x.filter((row, i) => (sigmoid(linear(weak, row)) > 0.5 ? 1 : 0) === y[i]).length / x.length;
    expect(accuracy).toBeGreaterThan(0.8);
  });

  it('clips a standardised value at five deviations, so one outlier cannot swing the output', () => {
    expect(Array.from(standardise([1e9, Number.NaN], [0, 0], [1, 1]))).toEqual([5, 0]);
  });
});

describe('MER metrics', () => {
  it('ROC AUC: 1 for a perfect ranking, 0.5 for ties, NaN without both classes', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [false, false, true, true])).toBe(1);
    expect(rocAuc([0.5, 0.5], [false, true])).toBe(0.5);
    expect(rocAuc([0.9, 0.1, 0.8, 0.2], [true, false, false, true])).toBe(0.75);
    expect(rocAuc([1, 2], [true, true])).toBeNaN();
  });

  it('Pearson and Spearman', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64])).toBeCloseTo(1);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1);
  });

  it('accuracy, macro-F1 over the classes present, confusion rows by true class', () => {
    const s = classificationScores(['Q1', 'Q1', 'Q2', 'Q3'], ['Q1', 'Q2', 'Q2', 'Q3'], ['Q1', 'Q2', 'Q3', 'Q4']);
    expect(s.accuracy).toBe(0.75);
    expect(s.confusion[0]).toEqual([1, 1, 0, 0]);
    expect(s.perClass.Q2).toMatchObject({ precision: 0.5, recall: 1 });
    expect(s.macroF1).toBeCloseTo((2 / 3 + 2 / 3 + 1) / 3);
  });

  it('scores predictions against quadrants and continuous ratings', () => {
    const scores = scoreMer(
      [combineHierarchy(0.9, 0.9, 0.5), combineHierarchy(0.1, 0.5, 0.1), combineHierarchy(0.9, 0.1, 0.5), combineHierarchy(0.1, 0.5, 0.9)],
      [
        { quadrant: 'Q1', valence: 8, arousal: 7 },
        { quadrant: 'Q3', valence: 2, arousal: 3 },
        { quadrant: 'Q2', valence: 3, arousal: 8 },
        { quadrant: 'Q4', valence: 7, arousal: 2 },
      ],
    );
    expect(scores.quadrant.accuracy).toBe(1);
    expect(scores.valence.auc).toBe(1);
    expect(scores.arousal.auc).toBe(1);
    expect(scores.valence.spearman).toBeGreaterThan(0.5);
  });
});

describe('music-emotion training', () => {
  it('never puts one artist on both sides of a fold', () => {
    const groups = synthetic(90).map((e) => e.group);
    const folds = groupedFolds(groups, 10, seededRandom(4));
    const foldOf = new Map<string, number>();
    groups.forEach((g, i) => {
      if (foldOf.has(g)) expect(foldOf.get(g)).toBe(folds[i]);
      foldOf.set(g, folds[i] as number);
    });
    const sizes = Array.from({ length: 10 }, (_, f) => folds.filter((x) => x === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(3);
  });

  it('cross-validates the hierarchy well above chance on learnable data, and the same way on every run', () => {
    const data = synthetic(200);
    const cv = crossValidate(data, { folds: 5, repeats: 1, innerFolds: 3, seed: 7 });
    expect(cv.summary.quadrantAccuracy?.mean).toBeGreaterThan(0.6);
    expect(cv.summary.valenceAuc?.mean).toBeGreaterThan(0.8);
    expect(crossValidate(data, { folds: 5, repeats: 1, innerFolds: 3, seed: 7 }).summary).toEqual(cv.summary);
  });

  it('writes a model the app reads back and predicts with', () => {
    const names = ['arousal cue', 'valence cue', 'noise 1', 'noise 2'];
    const { model } = fitMusicEmotionModel(synthetic(200), names, { name: 'test', innerFolds: 3, seed: 1 });
    const parsed = MusicEmotionModelSchema.parse(JSON.parse(JSON.stringify(model)));
    const happy = predictMusicEmotion(parsed, [1.5, 1.5, 0, 0]);
    const sad = predictMusicEmotion(parsed, [-1.5, -1.5, 0, 0]);
    expect(happy.quadrants.indexOf(Math.max(...happy.quadrants))).toBe(0);
    expect(sad.quadrants.indexOf(Math.max(...sad.quadrants))).toBe(2);
    expect(happy.quadrants.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(() => checkModelFits(parsed, DESCRIPTOR_NAMES)).toThrow(/other descriptors/);
  });
});

describe('the shipped music-emotion model (assets/music-emotion/model.json)', () => {
  it('reads exactly the descriptors this analyser computes (retrain with npm run train:music after changing them)', () => {
    const model = MusicEmotionModelSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '../../../assets/music-emotion/model.json'), 'utf8')));
    expect(() => checkModelFits(model, DESCRIPTOR_NAMES)).not.toThrow();
  });

  it('refuses a model whose weights do not match its descriptors', () => {
    const bad = { format: 'emotune-music-emotion', version: 1, name: 'x', descriptorNames: ['a'], mean: [0], scale: [1], arousal: { weights: [1, 2], bias: 0 }, valenceHigh: { weights: [1], bias: 0 }, valenceLow: { weights: [1], bias: 0 } };
    expect(MusicEmotionModelSchema.safeParse(bad).success).toBe(false);
  });
});
