import { describe, expect, it } from 'vitest';
import { naturalKey } from './natural-sort.ts';

describe('naturalKey', () => {
  it('puts "Track 80" after "Track 79" and before "Track 100", case and accents aside', () => {
    const titles = ['Track 100', 'track 80', 'Track 79', 'Track 8', 'Étude 2', 'etude 10', 'The Zebra', 'Apple'];
    const sorted = [...titles].sort((a, b) => ((naturalKey(a) as string) < (naturalKey(b) as string) ? -1 : 1));
    expect(sorted).toEqual(['Apple', 'Étude 2', 'etude 10', 'Track 8', 'Track 79', 'track 80', 'Track 100', 'The Zebra']);
    expect(naturalKey(null)).toBeNull();
    expect(naturalKey('007')).toBe(naturalKey('7'));
  });
});
