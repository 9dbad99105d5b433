import { describe, expect, it } from 'vitest';
import { MoodHistory } from './mood-history.ts';

const point = (at: number, emotion: 'happy' | 'sad' = 'happy', confidence = 0.8) => ({ at, emotion, confidence });

describe('MoodHistory', () => {
  it('keeps a point a second while the mood holds, and every change at once', () => {
    const history = new MoodHistory({ resolutionMs: 1000, retentionMs: 60_000 });
    expect([0, 125, 250, 1000, 1100, 1200].map((at) => history.add(point(at)))).toEqual([true, false, false, true, false, false]);
    expect(history.add(point(1300, 'sad'))).toBe(true);
    expect(history.add(point(1400, 'happy'))).toBe(true);
    expect(history.points.map((p) => [p.at, p.emotion])).toEqual([
      [0, 'happy'],
      [1000, 'happy'],
      [1300, 'sad'],
      [1400, 'happy'],
    ]);
  });

  it('drops what is older than the retention, and points out of time order', () => {
    const history = new MoodHistory({ resolutionMs: 1000, retentionMs: 10_000 });
    for (let at = 0; at <= 30_000; at += 1000) history.add(point(at));
    expect(history.points[0]?.at).toBe(20_000);
    expect(history.points).toHaveLength(11);
    expect(history.add(point(5_000, 'sad'))).toBe(false);
  });

  it('is reset to another history (the main side’s) under the same retention', () => {
    const history = new MoodHistory({ resolutionMs: 1000, retentionMs: 10_000 });
    history.add(point(0));
    history.reset([point(1_000), point(15_000, 'sad')]);
    expect(history.points).toEqual([point(15_000, 'sad')]);
  });
});
