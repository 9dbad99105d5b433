import { describe, expect, it } from 'vitest';
import { EMOTIONS, type Emotion } from '../../shared/emotion.ts';
import { recallTradeOff, type PhotoEvaluation } from './evaluate-photos.ts';

type Answer = PhotoEvaluation['answers'][number];
function answer(expression: Emotion, probabilities: Partial<Record<Emotion, number>> | null, file = `${expression}-${Math.random()}`): Answer {
  const p = probabilities ? EMOTIONS.map((e) => probabilities[e] ?? 0.01) : null;
  const sum = p?.reduce((s, v) => s + v, 0) ?? 1;
  return { file, expression, subject: null, predicted: null, confidence: null, probabilities: p?.map((v) => v / sum) ?? null, faceSidePx: 120 };
}

describe('recallTradeOff', () => {
  // Four fear photos: one read as fear, three as surprise with fear close behind (by 1.5, 2 and 4 times);
  // two surprise photos read as surprise with fear at a third.
  const answers = [
    answer('fear', { fear: 0.6, surprise: 0.3 }),
    answer('fear', { fear: 0.3, surprise: 0.45 }),
    answer('fear', { fear: 0.25, surprise: 0.5 }),
    answer('fear', { fear: 0.15, surprise: 0.6 }),
    answer('surprise', { fear: 0.2, surprise: 0.6 }),
    answer('surprise', { fear: 0.1, surprise: 0.8 }),
  ];

  it('finds the smallest shift that lifts the recall to the target, and what it costs the others', () => {
    const t = recallTradeOff(answers, [], 'fear', { target: 0.5, step: 0.05 });
    expect(t.recall).toBe(0.25);
    expect(t.accuracy).toBeCloseTo(3 / 6);
    // The second fear photo needs fear × 1.5 (a shift of ln 1.5 ≈ 0.405): the first step past it is 0.45.
    expect(t.shift).toBeCloseTo(0.45);
    expect(t.shifted?.recall).toBe(0.5);
    expect(t.shifted?.recallOfOthers.surprise).toBe(1);
    expect(t.shifted?.accuracy).toBeCloseTo(4 / 6);
    // Three of four (fear × 2) costs nothing yet; all four (× 4) turns the first surprise photo (at × 3).
    const more = recallTradeOff(answers, [], 'fear', { target: 0.75 });
    expect(more.shift).toBeCloseTo(0.7);
    expect(more.shifted?.recallOfOthers.surprise).toBe(1);
    const all = recallTradeOff(answers, [], 'fear', { target: 1 });
    expect(all.shift).toBeCloseTo(1.4);
    expect(all.shifted?.recallOfOthers.surprise).toBe(0.5);
    expect(all.shifted?.accuracy).toBeCloseTo(5 / 6);
  });

  it('leaves the answers as they were', () => {
    const before = JSON.stringify(answers);
    recallTradeOff(answers, [], 'fear', { target: 1 });
    expect(JSON.stringify(answers)).toBe(before);
  });

  it('counts a photo without one face as missed whatever the shift, and says when no shift reaches the target', () => {
    const withMissing = [...answers, answer('fear', null, 'no-face.jpg')];
    const t = recallTradeOff(withMissing, [{ file: 'no-face.jpg', faces: 0 }], 'fear', { target: 0.9, maxShift: 3 });
    expect(t.recall).toBeCloseTo(1 / 5);
    expect(t.shift).toBeNull();
    expect(t.shifted).toBeNull();
  });

  it('needs no shift where the recall is already at the target', () => {
    const t = recallTradeOff(answers, [], 'surprise', { target: 0.4 });
    expect(t.shift).toBe(0);
    expect(t.shifted?.recall).toBe(1);
  });
});
