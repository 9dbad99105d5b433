import { describe, expect, it } from 'vitest';
import { combineAnswers, memberWeight } from './ensemble.ts';

describe('ensemble maths', () => {
  it('gives a member no weight on small faces, its full weight on large ones, and a ramp between', () => {
    const forLarge = { weight: 0.5, minFacePx: 48, fullFacePx: 96 };
    expect(memberWeight(forLarge, 40)).toBe(0);
    expect(memberWeight(forLarge, 48)).toBe(0);
    expect(memberWeight(forLarge, 72)).toBeCloseTo(0.25);
    expect(memberWeight(forLarge, 300)).toBe(0.5);
    expect(memberWeight({ weight: 1, minFacePx: 0, fullFacePx: 0 }, 10)).toBe(1);
  });

  it('gives a member with an upper limit its full weight on small faces, none on large ones, and a ramp between', () => {
    const forSmall = { weight: 1, minFacePx: 0, fullFacePx: 0, fadeFromFacePx: 48, maxFacePx: 96 };
    expect(memberWeight(forSmall, 40)).toBe(1);
    expect(memberWeight(forSmall, 48)).toBe(1);
    expect(memberWeight(forSmall, 84)).toBeCloseTo(0.25);
    expect(memberWeight(forSmall, 96)).toBe(0);
    expect(memberWeight(forSmall, 300)).toBe(0);
    // Both ramps at once multiply.
    expect(memberWeight({ weight: 2, minFacePx: 40, fullFacePx: 60, fadeFromFacePx: 50, maxFacePx: 70 }, 50)).toBeCloseTo(1);
    expect(memberWeight({ weight: 2, minFacePx: 40, fullFacePx: 60, fadeFromFacePx: 50, maxFacePx: 70 }, 60)).toBeCloseTo(1);
  });

  it('combines answers as a weighted geometric mean: a class must be likely for every member', () => {
    const a = [0.7, 0.2, 0.1];
    const b = [0.1, 0.6, 0.3];
    const equal = combineAnswers([a, b], [1, 1]);
    expect(equal.reduce((s, v) => s + v, 0)).toBeCloseTo(1);
    // Geometric: sqrt(0.7*0.1)=0.26, sqrt(0.2*0.6)=0.35, sqrt(0.1*0.3)=0.17, normalised.
    expect(equal[1]).toBeCloseTo(0.3464 / (0.2646 + 0.3464 + 0.1732), 3);
    // A member without weight drops out; with none weighted, both count equally.
    combineAnswers([a, b], [1, 0]).forEach((v, i) => expect(v).toBeCloseTo(a[i] as number, 6));
    expect(combineAnswers([a, b], [0, 0])).toEqual(equal);
  });
});
