import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/statistics.ts';
import { applyTemperature, calibration, fitTemperature, negativeLogLikelihood } from './calibration.ts';

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
