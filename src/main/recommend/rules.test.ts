import { describe, expect, it } from 'vitest';
import { choosePool, sampleWithoutReplacement, seededRandom } from './rules.ts';

describe('choosePool', () => {
  it('prefers assigned songs, then similar ones, then tagged ones, then the whole library', () => {
    expect(choosePool({ assigned: [1], tagged: [2], all: [1, 2, 3] })).toEqual({ basis: 'assigned', pool: [1] });
    expect(choosePool({ assigned: [], tagged: [2], all: [1, 2, 3] })).toEqual({ basis: 'genre', pool: [2] });
    expect(choosePool({ assigned: [], similar: [3, 1], tagged: [2], all: [1, 2, 3] })).toEqual({ basis: 'features', pool: [3, 1] });
    expect(choosePool({ assigned: [4], similar: [3], tagged: [2], all: [1, 2, 3, 4] }).basis).toBe('assigned');
    expect(choosePool({ assigned: [], tagged: [], all: [1, 2, 3] })).toEqual({ basis: 'any', pool: [1, 2, 3] });
    expect(choosePool({ assigned: [], tagged: [], all: [] })).toEqual({ basis: 'empty', pool: [] });
  });
});

describe('sampleWithoutReplacement', () => {
  const items = Array.from({ length: 20 }, (_, i) => i + 1);

  it('draws k distinct items from the pool (paper 1: k = 5)', () => {
    const picked = sampleWithoutReplacement(items, 5, seededRandom(1));
    expect(picked).toHaveLength(5);
    expect(new Set(picked).size).toBe(5);
    expect(picked.every((i) => items.includes(i))).toBe(true);
  });

  it('returns the whole pool when it is smaller than k', () => {
    expect(sampleWithoutReplacement([1, 2], 5, seededRandom(1)).sort()).toEqual([1, 2]);
  });

  it('is repeatable with a seed and varies across seeds', () => {
    expect(sampleWithoutReplacement(items, 5, seededRandom(7))).toEqual(sampleWithoutReplacement(items, 5, seededRandom(7)));
    expect(sampleWithoutReplacement(items, 5, seededRandom(7))).not.toEqual(sampleWithoutReplacement(items, 5, seededRandom(8)));
  });

  it('avoids the given items while others remain', () => {
    const avoid = new Set([1, 2, 3, 4, 5]);
    const picked = sampleWithoutReplacement(items, 5, seededRandom(3), avoid);
    expect(picked.some((i) => avoid.has(i))).toBe(false);
    const small = sampleWithoutReplacement([1, 2, 3, 6], 3, seededRandom(3), avoid);
    expect(small[0]).toBe(6);
    expect(small).toHaveLength(3);
  });

  it('is close to uniform', () => {
    const counts = new Map<number, number>();
    const random = seededRandom(42);
    for (let i = 0; i < 4000; i += 1) for (const x of sampleWithoutReplacement(items, 5, random)) counts.set(x, (counts.get(x) ?? 0) + 1);
    // Each item is expected 4000 * 5 / 20 = 1000 times.
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(120);
  });
});
