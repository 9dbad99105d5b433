import { describe, expect, it } from 'vitest';
import type { Emotion } from '../../../shared/emotion.ts';
import { segmentMoods } from './mood-segments.ts';

const p = (at: number, emotion: Emotion, confidence = 0.5) => ({ at, emotion, confidence });

describe('segmentMoods', () => {
  it('merges a mood’s points into one stretch that lasts until the next mood, with the mean confidence', () => {
    expect(segmentMoods([p(0, 'happy', 0.6), p(1000, 'happy', 0.8), p(2000, 'sad', 0.5), p(3000, 'sad', 0.7)])).toEqual([
      { emotion: 'happy', start: 0, end: 2000, confidence: 0.7 },
      { emotion: 'sad', start: 2000, end: 3000, confidence: 0.6 },
    ]);
  });

  it('ends a stretch at its last point across a gap (no face, camera off)', () => {
    expect(segmentMoods([p(0, 'happy'), p(1000, 'happy'), p(60_000, 'happy'), p(61_000, 'sad')], 3000)).toEqual([
      { emotion: 'happy', start: 0, end: 1000, confidence: 0.5 },
      { emotion: 'happy', start: 60_000, end: 61_000, confidence: 0.5 },
      { emotion: 'sad', start: 61_000, end: 61_000, confidence: 0.5 },
    ]);
  });

  it('has no stretches without points', () => {
    expect(segmentMoods([])).toEqual([]);
  });
});
