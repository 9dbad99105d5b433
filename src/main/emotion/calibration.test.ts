import { describe, expect, it } from 'vitest';
import { calibration } from './calibration.ts';

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
