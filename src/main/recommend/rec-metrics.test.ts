import { describe, expect, it } from 'vitest';
import { mean, ndcgAt, precisionAt } from './rec-metrics.ts';

describe('ranking metrics', () => {
  it('precision counts hits in the first k, a short list\'s missing songs as misses', () => {
    expect(precisionAt([true, false, true, true], 2)).toBe(0.5);
    expect(precisionAt([true, true], 4)).toBe(0.5);
  });

  it('nDCG is 1 for an ideal order and lower when hits come late', () => {
    expect(ndcgAt([true, true, false], 3, 2)).toBeCloseTo(1);
    expect(ndcgAt([false, true, true], 3, 2)).toBeCloseTo((1 / Math.log2(3) + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3)));
    expect(ndcgAt([false, false], 2, 0)).toBeNaN();
  });

  it('mean skips values that are not numbers', () => {
    expect(mean([1, Number.NaN, 3])).toBe(2);
  });
});
