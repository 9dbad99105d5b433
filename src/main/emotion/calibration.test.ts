import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/statistics.ts';
import { applyLogitOffset, applyTemperature, calibration, expressionOffset, fitTemperature, negativeLogLikelihood, restingFaceOffset } from './calibration.ts';

describe('calibration', () => {
  it('is 0 when each bin is right as often as it is sure', () => {
    // Sure and always wrong is as far from calibrated as it gets.
    expect(calibration([0.99, 0.99], [false, false]).ece).toBeCloseTo(0.99);
    const exact = calibration([0.75, 0.75, 0.75, 0.75], [true, true, true, false]);
    expect(exact.ece).toBeCloseTo(0);
    expect(exact.bins[7]).toMatchObject({ count: 4, accuracy: 0.75, confidence: 0.75 });
  });

  it('weighs the gap of each bin by its share of the answers', () => {
    // Two answers at 0.9 confidence, one right (gap 0.4); two at 0.3, both wrong (gap 0.3): (0.4 + 0.3) / 2.
    expect(calibration([0.9, 0.9, 0.3, 0.3], [true, false, false, false]).ece).toBeCloseTo(0.35);
    expect(calibration([], []).ece).toBeNaN();
    expect(calibration([1], [true]).bins[9]).toMatchObject({ count: 1 });
  });
});

describe('temperature scaling', () => {
  it('leaves probabilities alone at T = 1, softens them above, sharpens them below, keeping their order', () => {
    expect(applyTemperature([0.7, 0.2, 0.1], 1)).toEqual([0.7, 0.2, 0.1]);
    const soft = applyTemperature([0.7, 0.2, 0.1], 2);
    expect(soft[0]).toBeLessThan(0.7);
    expect(applyTemperature([0.7, 0.2, 0.1], 0.5)[0]).toBeGreaterThan(0.7);
    expect(soft.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(soft[0]).toBeGreaterThan(soft[1] as number);
  });

  it('recovers the temperature that made calibrated answers overconfident', () => {
    // Calibrated answers (the true class drawn from each answer's own probabilities), then sharpened by T = 1/2:
    // the fit should find about 2 to undo it.
    const random = seededRandom(5);
    const truth: number[] = [];
    const sharpened: number[][] = [];
    for (let i = 0; i < 4000; i += 1) {
      const logits = [random() * 3, random() * 3, random() * 3];
      const exp = logits.map(Math.exp);
      const p = exp.map((v) => v / exp.reduce((a, b) => a + b, 0));
      const u = random();
      truth.push(u < (p[0] as number) ? 0 : u < (p[0] as number) + (p[1] as number) ? 1 : 2);
      sharpened.push(applyTemperature(p, 0.5));
    }
    expect(fitTemperature(sharpened, truth)).toBeCloseTo(2, 0);
    expect(negativeLogLikelihood(sharpened.map((p) => applyTemperature(p, 2)), truth)).toBeLessThan(negativeLogLikelihood(sharpened, truth));
  });
});

describe('calibration to the listener', () => {
  it('makes a resting face that reads sad read as a typical neutral face, and moves the other answers alike', () => {
    const reference = [0.05, 0.01, 0.04, 0.05, 0.1, 0.05, 0.7];
    const restingSad = [0.05, 0.01, 0.04, 0.05, 0.55, 0.05, 0.25];
    const offset = restingFaceOffset([restingSad], reference);
    const corrected = applyLogitOffset(restingSad, offset);
    corrected.forEach((v, i) => expect(v).toBeCloseTo(reference[i] as number, 6));
    // A clearly sad face of the same person still reads sad, a little less.
    const sadder = applyLogitOffset([0.02, 0.01, 0.02, 0.02, 0.88, 0.02, 0.03], offset);
    expect(sadder.indexOf(Math.max(...sadder))).toBe(4);
    expect(applyLogitOffset([0.2, 0.8], [0, 0])[1]).toBeCloseTo(0.8);
  });

  it('applies a part of the offset at a resting weight under 1 (none at 0)', () => {
    const reference = [0.05, 0.01, 0.04, 0.05, 0.1, 0.05, 0.7];
    const restingSad = [0.05, 0.01, 0.04, 0.05, 0.55, 0.05, 0.25];
    const full = restingFaceOffset([restingSad], reference);
    restingFaceOffset([restingSad], reference, 0.5).forEach((v, c) => expect(v).toBeCloseTo((full[c] as number) / 2, 12));
    expect(restingFaceOffset([restingSad], reference, 0).every((v) => v === 0)).toBe(true);
    // An expression fit starts from (and is held to) the weighted resting offset.
    expect(expressionOffset([restingSad], [], reference, 6, 0.3, 0.5)).toEqual(restingFaceOffset([restingSad], reference, 0.5));
  });
});

describe('calibration to the listener with expressions they showed', () => {
  const reference = [0.05, 0.01, 0.04, 0.05, 0.1, 0.05, 0.7];
  const resting = [0.05, 0.01, 0.04, 0.05, 0.55, 0.05, 0.25];
  const top = (p: number[]): number => p.indexOf(Math.max(...p));

  it('is the resting-face offset when nothing else was shown', () => {
    expect(expressionOffset([resting], [], reference, 6)).toEqual(restingFaceOffset([resting], reference));
    expect(expressionOffset([resting], [{ label: 3, answers: [] }], reference, 6)).toEqual(restingFaceOffset([resting], reference));
  });

  it('makes a shown expression read as itself and keeps the resting face neutral', () => {
    // A smile this model reads as neutral, and a frown it reads as sad (the person shows it as angry).
    const smile = [0.03, 0.01, 0.03, 0.3, 0.08, 0.05, 0.5];
    const frown = [0.3, 0.02, 0.05, 0.02, 0.45, 0.02, 0.14];
    const offset = expressionOffset([resting], [{ label: 3, answers: [smile] }, { label: 0, answers: [frown, frown] }], reference, 6);
    expect(top(applyLogitOffset(smile, offset))).toBe(3);
    expect(top(applyLogitOffset(frown, offset))).toBe(0);
    expect(top(applyLogitOffset(resting, offset))).toBe(6);
  });

  it('moves classes nobody showed only as far as the shown ones need, held by the prior', () => {
    const smile = [0.03, 0.01, 0.03, 0.3, 0.08, 0.05, 0.5];
    const start = restingFaceOffset([resting], reference);
    const loose = expressionOffset([resting], [{ label: 3, answers: [smile] }], reference, 6, 0.01);
    const tight = expressionOffset([resting], [{ label: 3, answers: [smile] }], reference, 6, 100);
    const distance = (o: number[]): number => Math.hypot(...o.map((v, c) => v - (start[c] as number)));
    expect(distance(tight)).toBeLessThan(0.05);
    expect(distance(loose)).toBeGreaterThan(distance(tight));
  });
});
