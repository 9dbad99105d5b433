import { describe, expect, it } from 'vitest';
import { seededRandom } from './rules.ts';
import { MoodIndex, pickDiverse, type MoodPoint } from './mood-index.ts';
import { feedbackFactor, interpolateTarget, LIFT_GOAL, MOOD_TARGETS, regionFit } from './mood-space.ts';
import { EMOTIONS } from '../../shared/emotion.ts';

function randomPoints(n: number, seed = 1): MoodPoint[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    valence: random(),
    arousal: random(),
    confidence: 0.25 + 0.75 * random(),
    artist: `artist ${Math.floor(random() * 40)}`,
  }));
}

describe('MoodIndex', () => {
  it('finds the same best songs as scoring and sorting the whole library, ties by id', () => {
    const points = randomPoints(3000);
    points.push({ ...(points[10] as MoodPoint), id: 9999 }); // an exact tie with song 11
    const index = new MoodIndex(points);
    for (const emotion of EMOTIONS) {
      const target = MOOD_TARGETS[emotion];
      const brute = Array.from(index.ids, (id, p) => ({ id, score: index.score(p, target) }))
        .sort((a, b) => b.score - a.score || a.id - b.id)
        .slice(0, 25);
      expect(index.top(target, 25).map((c) => index.ids[c.position])).toEqual(brute.map((b) => b.id));
    }
  });

  it('grows past its size hint and keeps every song', () => {
    const index = new MoodIndex(randomPoints(100), 4);
    expect(index.size).toBe(100);
    expect(index.positionOf(100)).toBe(99);
  });

  it('is not moved by an outlier: the other songs keep their scores and order', () => {
    const points = randomPoints(500, 3);
    const before = new MoodIndex(points).top(MOOD_TARGETS.sad, 5);
    const withOutlier = new MoodIndex([...points, { id: 10_000, valence: 1, arousal: 1, confidence: 1, artist: null }]);
    expect(withOutlier.top(MOOD_TARGETS.sad, 5)).toEqual(before);
  });

  it('weights a confident song above an unsure one at the same place', () => {
    const index = new MoodIndex([
      { id: 1, valence: 0.2, arousal: 0.2, confidence: 0.3, artist: null },
      { id: 2, valence: 0.2, arousal: 0.2, confidence: 0.9, artist: null },
    ]);
    expect(index.top(MOOD_TARGETS.sad, 2).map((c) => index.ids[c.position])).toEqual([2, 1]);
  });
});

describe('pickDiverse', () => {
  const index = new MoodIndex([
    { id: 1, valence: 0, arousal: 0, confidence: 1, artist: 'a' },
    { id: 2, valence: 0, arousal: 0, confidence: 1, artist: 'a' },
    { id: 3, valence: 0, arousal: 0, confidence: 1, artist: 'b' },
    { id: 4, valence: 0, arousal: 0, confidence: 1, artist: null },
    { id: 5, valence: 0, arousal: 0, confidence: 1, artist: null },
  ]);
  const ranked = [0, 1, 2, 3, 4].map((position) => ({ position, score: 1 - position / 10 }));
  const ids = (picked: { position: number }[]): number[] => picked.map((c) => index.ids[c.position] as number);

  it('takes no artist twice while another song fits at least half as well; unknown artists never clash', () => {
    expect(ids(pickDiverse(index, ranked, 4, new Set()))).toEqual([1, 3, 4, 5]);
  });

  it('repeats an artist rather than take a song that fits less than half as well', () => {
    const poor = [
      { position: 0, score: 1 },
      { position: 1, score: 0.9 },
      { position: 2, score: 0.3 },
    ];
    expect(ids(pickDiverse(index, poor, 2, new Set()))).toEqual([1, 2]);
  });

  it('repeats an artist rather than cut the list short', () => {
    expect(ids(pickDiverse(index, ranked, 5, new Set()))).toEqual([1, 3, 4, 5, 2]);
  });

  it('avoids recently played songs while others are left, and uses them last', () => {
    expect(ids(pickDiverse(index, ranked, 3, new Set([1, 3])))).toEqual([2, 4, 5]);
    expect(ids(pickDiverse(index, ranked, 5, new Set([1, 3])))).toEqual([2, 4, 5, 3, 1]);
  });

  it('counts the artists of songs already chosen', () => {
    expect(ids(pickDiverse(index, ranked, 1, new Set(), [{ position: 0, score: 1 }]))).toEqual([3]);
  });
});

describe('mood targets', () => {
  it('gives the seven emotions seven distinct targets', () => {
    const keys = new Set(EMOTIONS.map((e) => `${MOOD_TARGETS[e].valence},${MOOD_TARGETS[e].arousal}`));
    expect(keys.size).toBe(7);
  });

  it('fits a song best at its target centre', () => {
    for (const e of EMOTIONS) {
      const t = MOOD_TARGETS[e];
      expect(regionFit(t, t.valence, t.arousal)).toBe(1);
      expect(regionFit(t, 1 - t.valence, 1 - t.arousal)).toBeLessThan(0.5);
    }
  });

  it('weighs plays, skips and thumbs: a thumbs-down all but removes a song for the emotion', () => {
    expect(feedbackFactor({ likes: 0, dislikes: 0, thumb: 0 })).toBe(1);
    expect(feedbackFactor({ likes: 2, dislikes: 0, thumb: 0 })).toBeCloseTo(2.25);
    expect(feedbackFactor({ likes: 0, dislikes: 9, thumb: 0 })).toBeCloseTo(1.5 ** -4);
    expect(feedbackFactor({ likes: 0, dislikes: 0, thumb: 1 })).toBeCloseTo(2.25);
    expect(feedbackFactor({ likes: 3, dislikes: 0, thumb: -1 })).toBeLessThan(0.2);
  });

  it('lift steps from the mood to calm, positive music', () => {
    const steps = Array.from({ length: 5 }, (_, i) => interpolateTarget(MOOD_TARGETS.sad, LIFT_GOAL, i, 5));
    expect(steps[0]?.valence).toBe(MOOD_TARGETS.sad.valence);
    expect(steps[4]?.valence).toBeCloseTo(LIFT_GOAL.valence);
    for (let i = 1; i < 5; i += 1) expect(steps[i]?.valence).toBeGreaterThan(steps[i - 1]?.valence ?? 1);
  });
});
