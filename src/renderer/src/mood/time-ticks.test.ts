import { describe, expect, it } from 'vitest';
import { makeTimeTicks } from './time-ticks.ts';

describe('makeTimeTicks', () => {
  it('labels a short span in seconds back from now', () => {
    expect(makeTimeTicks(9_000)).toEqual([
      { agoMs: 0, label: 'now' },
      { agoMs: 5_000, label: '−5 s' },
    ]);
    expect(makeTimeTicks(40_000).map((t) => t.label)).toEqual(['now', '−10 s', '−20 s', '−30 s', '−40 s']);
  });

  it('switches to minutes, in round steps, never more than the maximum of ticks', () => {
    expect(makeTimeTicks(5 * 60_000).map((t) => t.label)).toEqual(['now', '−2 min', '−4 min']);
    expect(makeTimeTicks(3 * 60_000).map((t) => t.label)).toEqual(['now', '−1 min', '−2 min', '−3 min']);
    for (const span of [1_000, 59_000, 61_000, 299_000, 7_200_000]) expect(makeTimeTicks(span).length).toBeLessThanOrEqual(5);
  });

  it('has only "now" for a chart of one point', () => {
    expect(makeTimeTicks(0)).toEqual([{ agoMs: 0, label: 'now' }]);
  });
});
