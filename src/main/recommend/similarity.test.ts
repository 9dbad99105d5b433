import { describe, expect, it } from 'vitest';
import { cosineSimilarity, rankBySimilarity } from './similarity.ts';

describe('cosineSimilarity', () => {
  it('is 1 for the same direction, 0 for orthogonal vectors and for a zero vector', () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 0, 0], [0, 1, 0])).toBe(0);
    expect(cosineSimilarity([0, 0, 0], [1, 1, 1])).toBe(0);
  });
});

describe('rankBySimilarity (paper 2)', () => {
  const songs = [
    { id: 1, valence: 0.9, energy: 0.9, tempoBpm: 140 }, // bright and fast
    { id: 2, valence: 0.1, energy: 0.2, tempoBpm: 70 }, // dark and slow
    { id: 3, valence: 0.5, energy: 0.5, tempoBpm: 105 },
    { id: 4, valence: 0.15, energy: 0.9, tempoBpm: 72 }, // dark, intense, slow
  ];

  it('ranks songs by similarity to the target over min-max normalised features, above the threshold', () => {
    const happy = rankBySimilarity(songs, { valence: 0.58, energy: 0.75, tempoBpm: 124 });
    expect(happy[0]?.id).toBe(1);
    expect(happy.every((s) => s.similarity >= 0.85)).toBe(true);
    expect(happy.map((s) => s.id)).not.toContain(2);
    const intense = rankBySimilarity(songs, { valence: 0.1, energy: 0.9, tempoBpm: 70 });
    expect(intense[0]?.id).toBe(4);
  });

  it('keeps everything with threshold 0, and nothing for an empty library', () => {
    expect(rankBySimilarity(songs, { valence: 0.5, energy: 0.5, tempoBpm: 100 }, 0)).toHaveLength(4);
    expect(rankBySimilarity([], { valence: 0.5, energy: 0.5, tempoBpm: 100 })).toEqual([]);
  });

  it('treats a feature that does not vary as neutral', () => {
    const flat = [
      { id: 1, valence: 0.5, energy: 0.2, tempoBpm: 120 },
      { id: 2, valence: 0.5, energy: 0.8, tempoBpm: 120 },
    ];
    expect(rankBySimilarity(flat, { valence: 0.9, energy: 0.8, tempoBpm: 120 }, 0)[0]?.id).toBe(2);
  });
});

describe('rankBySimilarity at scale', () => {
  it('ranks 200,000 songs without overflowing the call stack (no spread of the whole library)', () => {
    const songs = Array.from({ length: 200_000 }, (_, i) => ({ id: i + 1, valence: (i % 97) / 96, energy: (i % 89) / 88, tempoBpm: 60 + (i % 120) }));
    const ranked = rankBySimilarity(songs, { valence: 0.9, energy: 0.8, tempoBpm: 130 });
    expect(ranked.length).toBeGreaterThan(0);
    expect(ranked[0]?.similarity).toBeGreaterThanOrEqual(ranked.at(-1)?.similarity ?? 1);
  });
});
