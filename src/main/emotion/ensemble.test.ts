import { describe, expect, it } from 'vitest';
import { combineAnswers, memberWeight } from './ensemble.ts';

describe('ensemble maths', () => {
  it('gives a member no weight on small faces, its full weight on large ones, and a ramp between', () => {
    expect(memberWeight(0.5, 48, 96, 40)).toBe(0);
    expect(memberWeight(0.5, 48, 96, 48)).toBe(0);
    expect(memberWeight(0.5, 48, 96, 72)).toBeCloseTo(0.25);
    expect(memberWeight(0.5, 48, 96, 300)).toBe(0.5);
    expect(memberWeight(1, 0, 0, 10)).toBe(1);
  });

  it('gives a member with an upper limit its full weight on small faces, none on large ones, and a ramp between', () => {
    expect(memberWeight(1, 0, 0, 40, 48, 96)).toBe(1);
    expect(memberWeight(1, 0, 0, 48, 48, 96)).toBe(1);
    expect(memberWeight(1, 0, 0, 84, 48, 96)).toBeCloseTo(0.25);
    expect(memberWeight(1, 0, 0, 96, 48, 96)).toBe(0);
    expect(memberWeight(1, 0, 0, 300, 48, 96)).toBe(0);
    // Both ramps at once multiply.
    expect(memberWeight(2, 40, 60, 50, 50, 70)).toBeCloseTo(1);
    expect(memberWeight(2, 40, 60, 60, 50, 70)).toBeCloseTo(1);
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
