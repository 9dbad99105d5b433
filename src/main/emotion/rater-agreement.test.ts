import { describe, expect, it } from 'vitest';
import type { Emotion } from '../../shared/emotion.ts';
import { raterAgreement, type RatedAnswer } from './rater-agreement.ts';

const answer = (expression: Emotion, rated: Emotion | null, predicted: Emotion | null): RatedAnswer => ({ expression, rated, predicted });

describe('raterAgreement', () => {
  it('is null where no photo was rated', () => {
    expect(raterAgreement([])).toBeNull();
    expect(raterAgreement([answer('happy', null, 'happy')])).toBeNull();
  });

  it('sets the model beside the raters: their recall per posed expression, and the model where they agreed with the pose and where not', () => {
    const result = raterAgreement([
      // fear: raters read one of four as fear, two as sad, one as surprise
      answer('fear', 'fear', 'fear'),
      answer('fear', 'sad', 'sad'),
      answer('fear', 'sad', 'fear'),
      answer('fear', 'surprise', null), // no face: wrong for the model
      // happy: raters always right
      answer('happy', 'happy', 'happy'),
      answer('happy', 'happy', 'neutral'),
      // a photo nobody rated takes no part
      answer('angry', null, 'angry'),
    ]);
    expect(result).not.toBeNull();
    expect(result?.rated).toBe(6);
    expect(result?.choices).toEqual(['fear', 'happy', 'sad', 'surprise']);
    expect(result?.raterRecall.fear).toBe(0.25);
    expect(result?.raterRecall.happy).toBe(1);
    // angry was posed but only on an unrated photo; neutral never posed: nothing to compare
    expect(result?.raterRecall.angry).toBeNull();
    expect(result?.raterRecall.neutral).toBeNull();
    expect(result?.raterAccuracy).toBe(0.5);
    expect(result?.whereRatersAgree).toEqual({ count: 3, accuracy: 2 / 3 });
    expect(result?.whereRatersDisagree).toEqual({ count: 3, accuracy: 1 / 3, sameAsRaters: 1 / 3 });
  });

  it('leaves out photos posing an expression the raters never chose (a study without that answer)', () => {
    const result = raterAgreement([
      answer('neutral', 'happy', 'neutral'),
      answer('neutral', 'sad', 'neutral'),
      answer('happy', 'happy', 'happy'),
      answer('sad', 'sad', 'happy'),
    ]);
    expect(result?.choices).toEqual(['happy', 'sad']);
    expect(result?.raterRecall.neutral).toBeNull();
    // only the happy and sad photos are compared: the raters read both as posed
    expect(result?.raterAccuracy).toBe(1);
    expect(result?.whereRatersAgree).toEqual({ count: 2, accuracy: 0.5 });
    expect(result?.whereRatersDisagree).toEqual({ count: 0, accuracy: 0, sameAsRaters: 0 });
  });
});
