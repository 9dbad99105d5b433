import { describe, expect, it } from 'vitest';
import { classificationMetrics } from './metrics.ts';

describe('classificationMetrics', () => {
  it('computes accuracy, per-class scores, macro-F1 and the confusion matrix', () => {
    // truth: angry x2, happy x2; predicted: angry, happy, happy, happy
    const m = classificationMetrics([0, 0, 3, 3], [0, 3, 3, 3]);
    expect(m.accuracy).toBe(0.75);
    expect(m.perClass.angry).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, support: 2 });
    expect(m.perClass.happy).toEqual({ precision: 2 / 3, recall: 1, f1: 0.8, support: 2 });
    expect(m.perClass.disgust).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(m.macroF1).toBeCloseTo((2 / 3 + 0.8) / 7, 12);
    expect(m.confusion[0]).toEqual([1, 0, 0, 1, 0, 0, 0]);
    expect(m.confusion[3]).toEqual([0, 0, 0, 2, 0, 0, 0]);
    expect(m.count).toBe(4);
  });

  it('refuses mismatched or out-of-range labels', () => {
    expect(() => classificationMetrics([0], [0, 1])).toThrow(RangeError);
    expect(() => classificationMetrics([7], [0])).toThrow(RangeError);
  });
});
