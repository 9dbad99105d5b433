import { describe, expect, it } from 'vitest';
import { EMOTIONS, isEmotion, toProbabilities, topEmotion } from './emotion.ts';

describe('EMOTIONS', () => {
  it('is FER-2013 label order 0..6', () => {
    expect(EMOTIONS).toEqual(['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral']);
  });
});

describe('toProbabilities / topEmotion', () => {
  it('pairs a model vector with the labels and finds the most probable', () => {
    const p = toProbabilities([0.05, 0, 0.05, 0.7, 0.1, 0, 0.1]);
    expect(p.happy).toBe(0.7);
    expect(p.neutral).toBe(0.1);
    expect(topEmotion(p)).toEqual({ emotion: 'happy', confidence: 0.7 });
  });

  it('breaks ties towards the earlier label', () => {
    expect(topEmotion(toProbabilities([0.5, 0, 0, 0.5, 0, 0, 0])).emotion).toBe('angry');
  });

  it('refuses a vector of the wrong length', () => {
    expect(() => toProbabilities([1, 0])).toThrow(RangeError);
  });

  it('recognises emotion names', () => {
    expect(isEmotion('sad')).toBe(true);
    expect(isEmotion('calm')).toBe(false);
    expect(isEmotion(3)).toBe(false);
  });
});
