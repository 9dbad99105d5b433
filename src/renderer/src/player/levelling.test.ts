import { describe, expect, it } from 'vitest';
import { dbToLinear, formatGain, levellingGainDb, TARGET_LUFS } from './levelling.ts';

describe('loudness levelling', () => {
  it('brings every song to the reference level: a quiet master up, a loud one down, within bounds', () => {
    expect(levellingGainDb(-29, true)).toBe(11);
    expect(levellingGainDb(-7, true)).toBe(-11);
    expect(levellingGainDb(TARGET_LUFS, true)).toBe(0);
    expect(levellingGainDb(-60, true)).toBe(12);
    expect(levellingGainDb(null, true)).toBe(0);
    expect(levellingGainDb(-29, false)).toBe(0);
    // The two end up equally loud: their levels after the gain are the same.
    expect(-29 + levellingGainDb(-29, true)).toBe(-7 + levellingGainDb(-7, true));
  });

  it('converts and formats gains', () => {
    expect(dbToLinear(-6)).toBeCloseTo(0.501, 3);
    expect(formatGain(11)).toBe('+11.0 dB');
    expect(formatGain(-4.5)).toBe('−4.5 dB');
    expect(formatGain(0.01)).toBe('0 dB');
  });
});
