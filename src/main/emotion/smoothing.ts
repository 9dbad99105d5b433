import { EMOTIONS, topEmotion, type Emotion, type Probabilities } from '../../shared/emotion.ts';

export interface SmoothingParams {
  /** Time constant of the exponential moving average, seconds (0: no smoothing). */
  timeConstantSec: number;
  /** How far (in smoothed probability) a challenger must lead the shown mood before it can replace it. */
  switchMargin: number;
  /** How long the challenger must keep that lead, seconds. */
  holdSec: number;
  /** After this long without a reading, the average restarts from the next one. */
  resetAfterSec: number;
}

export interface SmootherState {
  probabilities: Probabilities | null;
  at: number | null;
  shown: Emotion | null;
  challenger: { emotion: Emotion; since: number } | null;
}

export const INITIAL_SMOOTHER_STATE: SmootherState = { probabilities: null, at: null, shown: null, challenger: null };

/**
 * One step of a time-aware exponential moving average: weight 1 - exp(-dt/τ) for the new reading, so the
 * result does not depend on the frame rate.
 */
export function blendProbabilities(
  previous: Probabilities,
  next: Probabilities,
  dtSec: number,
  timeConstantSec: number,
): Probabilities {
  const alpha = timeConstantSec <= 0 ? 1 : 1 - Math.exp(-Math.max(0, dtSec) / timeConstantSec);
  const out = {} as Probabilities;
  for (const e of EMOTIONS) out[e] = (1 - alpha) * previous[e] + alpha * next[e];
  return out;
}

/**
 * Folds one per-frame reading (at, in ms) into the smoothed state. The shown mood changes only when another
 * emotion has led it by `switchMargin` for `holdSec` (hysteresis), so a blink or a bad frame does not flip
 * the mood, and with it the playlist.
 */
export function updateSmoother(
  state: SmootherState,
  reading: { probabilities: Probabilities; at: number },
  params: SmoothingParams,
): SmootherState {
  const stale = state.at === null || (reading.at - state.at) / 1000 > params.resetAfterSec;
  const probabilities =
    stale || state.probabilities === null
      ? { ...reading.probabilities }
      : blendProbabilities(state.probabilities, reading.probabilities, (reading.at - (state.at as number)) / 1000, params.timeConstantSec);
  const top = topEmotion(probabilities).emotion;
  if (state.shown === null || state.shown === top) {
    return { probabilities, at: reading.at, shown: top, challenger: null };
  }
  const lead = probabilities[top] - probabilities[state.shown];
  if (lead < params.switchMargin) {
    return { probabilities, at: reading.at, shown: state.shown, challenger: null };
  }
  const since = state.challenger?.emotion === top ? state.challenger.since : reading.at;
  if ((reading.at - since) / 1000 >= params.holdSec) {
    return { probabilities, at: reading.at, shown: top, challenger: null };
  }
  return { probabilities, at: reading.at, shown: state.shown, challenger: { emotion: top, since } };
}
