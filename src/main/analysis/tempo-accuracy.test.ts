import { describe, expect, it } from 'vitest';
import { tempoAccuracy, tempoHit } from './tempo-accuracy.ts';

describe('tempo accuracy (MIREX Acc1 / Acc2)', () => {
  it('accepts 4 % for Acc1 and octave errors for Acc2', () => {
    expect(tempoHit(124, 120)).toEqual({ acc1: true, acc2: true });
    expect(tempoHit(125, 120)).toEqual({ acc1: false, acc2: false });
    expect(tempoHit(240, 120)).toEqual({ acc1: false, acc2: true });
    expect(tempoHit(61, 120)).toEqual({ acc1: false, acc2: true });
    expect(tempoHit(180, 120)).toEqual({ acc1: false, acc2: false });
  });

  it('averages over cases', () => {
    expect(tempoAccuracy([{ estimated: 120, truth: 120 }, { estimated: 60, truth: 120 }])).toEqual({ acc1: 0.5, acc2: 1, count: 2 });
  });
});
