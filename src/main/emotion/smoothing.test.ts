import { describe, expect, it } from 'vitest';
import { toProbabilities, type Probabilities } from '../../shared/emotion.ts';
import { blendProbabilities, INITIAL_SMOOTHER_STATE, updateSmoother, type SmoothingParams } from './smoothing.ts';

const happy = toProbabilities([0, 0, 0, 0.9, 0, 0, 0.1]);
const neutral = toProbabilities([0, 0, 0, 0.1, 0, 0, 0.9]);
const params: SmoothingParams = { timeConstantSec: 1, switchMargin: 0.1, holdSec: 1, resetAfterSec: 10 };

function feed(readings: [Probabilities, number][]): ReturnType<typeof updateSmoother> {
  return readings.reduce((state, [probabilities, at]) => updateSmoother(state, { probabilities, at }, params), INITIAL_SMOOTHER_STATE);
}

describe('blendProbabilities', () => {
  it('moves 1 - exp(-dt/τ) of the way to the new reading', () => {
    const out = blendProbabilities(happy, neutral, 1, 1);
    const alpha = 1 - Math.exp(-1);
    expect(out.happy).toBeCloseTo(0.9 + alpha * (0.1 - 0.9), 10);
  });

  it('takes the new reading at once with τ = 0', () => {
    expect(blendProbabilities(happy, neutral, 0.1, 0)).toEqual(neutral);
  });
});

describe('updateSmoother', () => {
  it('shows the first reading at once', () => {
    expect(feed([[happy, 0]]).shown).toBe('happy');
  });

  it('keeps the shown mood through a short flicker', () => {
    const state = feed([
      [happy, 0],
      [happy, 500],
      [neutral, 1000],
      [happy, 1200],
      [happy, 1500],
    ]);
    expect(state.shown).toBe('happy');
  });

  it('switches once the challenger has led for the hold time', () => {
    const readings: [Probabilities, number][] = [[happy, 0]];
    for (let t = 200; t <= 4000; t += 200) readings.push([neutral, t]);
    const state = feed(readings);
    expect(state.shown).toBe('neutral');
    // And not before the hold: the lead starts around t ≈ 0.8 s, so at 1.4 s it has not held 1 s.
    expect(feed(readings.filter(([, t]) => t <= 1400)).shown).toBe('happy');
  });

  it('restarts the average after a long gap', () => {
    const state = feed([
      [happy, 0],
      [neutral, 60_000],
    ]);
    expect(state.probabilities?.neutral).toBeCloseTo(0.9);
  });
});
