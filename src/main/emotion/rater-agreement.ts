import { EMOTIONS, type Emotion } from '../../shared/emotion.ts';

/** A labelled photo's posed expression, what human raters read in it (null: not rated), and the model's answer (null: no face). */
export interface RatedAnswer {
  expression: Emotion;
  rated: Emotion | null;
  predicted: Emotion | null;
}

/**
 * The model beside human raters, on photo sets whose label table also says what observers read in each photo
 * (a posed set's rating study). Posed is not felt, nor always seen: a pose the raters read as something else is
 * a weaker label than one they recognised, and a class the raters themselves rarely see in the photos is not one
 * a model can be expected to see either.
 */
export interface RaterAgreement {
  /** Photos with the raters' reading. */
  rated: number;
  /**
   * The expressions the raters chose at least once. One never chosen was most likely not among their options
   * (a study without a "neutral" answer): photos posing it are left out of the comparisons below.
   */
  choices: Emotion[];
  /** Per posed expression, the share of its rated photos the raters read as posed (null where they never chose it). */
  raterRecall: Record<Emotion, number | null>;
  /** The share of the compared photos the raters read as posed. */
  raterAccuracy: number;
  /** The model on the compared photos whose pose the raters recognised (a photo without one face counts wrong). */
  whereRatersAgree: { count: number; accuracy: number };
  /** The model on those they read otherwise: right by the pose, and saying what the raters said. */
  whereRatersDisagree: { count: number; accuracy: number; sameAsRaters: number };
}

/** The comparison, or null where no photo was rated. */
export function raterAgreement(answers: readonly RatedAnswer[]): RaterAgreement | null {
  const rated = answers.filter((a) => a.rated !== null);
  if (rated.length === 0) return null;
  const choices = EMOTIONS.filter((e) => rated.some((a) => a.rated === e));
  const compared = rated.filter((a) => choices.includes(a.expression));
  const raterRecall = Object.fromEntries(
    EMOTIONS.map((e) => {
      const posed = compared.filter((a) => a.expression === e);
      return [e, posed.length > 0 ? share(posed, (a) => a.rated === e) : null];
    }),
  ) as Record<Emotion, number | null>;
  const agree = compared.filter((a) => a.rated === a.expression);
  const disagree = compared.filter((a) => a.rated !== a.expression);
  return {
    rated: rated.length,
    choices,
    raterRecall,
    raterAccuracy: share(compared, (a) => a.rated === a.expression),
    whereRatersAgree: { count: agree.length, accuracy: share(agree, (a) => a.predicted === a.expression) },
    whereRatersDisagree: {
      count: disagree.length,
      accuracy: share(disagree, (a) => a.predicted === a.expression),
      sameAsRaters: share(disagree, (a) => a.predicted === a.rated),
    },
  };
}

function share<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.length > 0 ? items.filter(test).length / items.length : 0;
}
