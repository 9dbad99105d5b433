import { describe, expect, it } from 'vitest';
import { rowShares } from './confusion.ts';

describe('rowShares', () => {
  it('gives each cell its share of the row (the true class), and zero shares for a class with no faces', () => {
    expect(rowShares([[3, 1], [0, 0]])).toEqual([
      [{ count: 3, share: 0.75 }, { count: 1, share: 0.25 }],
      [{ count: 0, share: 0 }, { count: 0, share: 0 }],
    ]);
  });
});
