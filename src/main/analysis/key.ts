import { pearson } from '../../shared/statistics.ts';

/** Krumhansl & Kessler (1982) key profiles: the probe-tone ratings of each pitch class in C major / C minor. */
const MAJOR = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
const MINOR = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

export const PITCH_CLASSES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'] as const;

export interface KeyEstimate {
  /** Tonic pitch class, 0 = C … 11 = B. */
  key: number;
  mode: 'major' | 'minor';
  /** Pearson correlation of the chroma with the winning profile, in [-1, 1]. */
  strength: number;
}

/** Pearson's correlation, 0 where a profile or the chroma does not vary. */
const correlation = (a: readonly number[], b: readonly number[]): number => pearson(a, b) || 0;

/** The Krumhansl-Schmuckler key-finding algorithm over a 12-bin chroma vector (C first). */
export function estimateKey(chroma: readonly number[]): KeyEstimate {
  let best: KeyEstimate = { key: 0, mode: 'major', strength: -Infinity };
  for (let tonic = 0; tonic < 12; tonic += 1) {
    const rotated = Array.from({ length: 12 }, (_, i) => chroma[(i + tonic) % 12] as number);
    for (const [mode, profile] of [['major', MAJOR], ['minor', MINOR]] as const) {
      const r = correlation(rotated, profile);
      if (r > best.strength) best = { key: tonic, mode, strength: r };
    }
  }
  return best.strength === -Infinity ? { key: 0, mode: 'major', strength: 0 } : best;
}

/** The best correlation of the chroma with any major key and with any minor key. */
export function correlationByMode(chroma: readonly number[]): { major: number; minor: number } {
  const best = { major: -1, minor: -1 };
  for (let tonic = 0; tonic < 12; tonic += 1) {
    const rotated = Array.from({ length: 12 }, (_, i) => chroma[(i + tonic) % 12] as number);
    best.major = Math.max(best.major, correlation(rotated, MAJOR));
    best.minor = Math.max(best.minor, correlation(rotated, MINOR));
  }
  return best;
}
