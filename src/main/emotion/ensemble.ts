import { softmax } from './calibration.ts';

/**
 * The maths of an ensemble of emotion networks (model-manifest.ts, EnsembleManifestSchema). Pure.
 */

/** A member's share of the vote and the face sizes it counts on (an ensemble manifest's member, less its name). */
export interface FaceSizeWeight {
  weight: number;
  minFacePx: number;
  fullFacePx: number;
  /** An upper limit, where the member has one: its weight falls from `fadeFromFacePx` to none at `maxFacePx`. */
  fadeFromFacePx?: number | undefined;
  maxFacePx?: number | undefined;
}

/**
 * A member's weight for one face: none under `minFacePx` (the face box's side, in the pixels of the image it
 * was found in), its full `weight` from `fullFacePx`, linear between; and where the member has an upper limit,
 * falling linearly from `fadeFromFacePx` to none at `maxFacePx` and beyond.
 */
export function memberWeight(member: FaceSizeWeight, sidePx: number): number {
  const { weight, minFacePx, fullFacePx, fadeFromFacePx = Infinity, maxFacePx = Infinity } = member;
  const rising = sidePx >= fullFacePx ? 1 : sidePx <= minFacePx ? 0 : (sidePx - minFacePx) / (fullFacePx - minFacePx);
  const falling = sidePx <= fadeFromFacePx ? 1 : sidePx >= maxFacePx ? 0 : (maxFacePx - sidePx) / (maxFacePx - fadeFromFacePx);
  return weight * rising * falling;
}

/**
 * The members' answers combined as a weighted geometric mean, renormalised: softmax of the weighted mean of
 * their log-probabilities (weights normalised to sum 1). A member of weight 0 does not count; if none counts,
 * all count equally.
 */
export function combineAnswers(answers: readonly ArrayLike<number>[], weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const w = total > 0 ? weights.map((v) => v / total) : weights.map(() => 1 / weights.length);
  const k = answers[0]?.length ?? 0;
  return softmax(Array.from({ length: k }, (_, c) => answers.reduce((sum, p, m) => sum + (w[m] as number) * Math.log(Math.max(1e-12, p[c] as number)), 0)));
}
