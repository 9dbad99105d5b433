import type { Emotion } from '../../shared/emotion.ts';
import type { RecommendMode } from '../../shared/settings.ts';
import { pickDiverse, type Candidate, type MoodIndex } from './mood-index.ts';
import { interpolateTarget, LIFT_GOAL, MOOD_TARGETS, regionFit, type MoodTarget } from './mood-space.ts';

/** Candidates kept per target before diversity and feedback: enough to skip artists and recent songs. */
const CANDIDATES_PER_SONG = 12;
const MIN_CANDIDATES = 60;
/** A song the listener assigned to the emotion ranks at least this high (a fit of 0.75, a confident song). */
export const ASSIGNED_SCORE = 0.75;

export interface MoodChoiceInput {
  emotion: Emotion;
  k: number;
  mode: RecommendMode;
  /** Songs of the last lists: used only when nothing else is left. */
  avoid: ReadonlySet<number>;
  /** The listener's feedback for this emotion, as a score factor per song id (feedbackFactor). */
  feedback: ReadonlyMap<number, number>;
  /** Songs the listener assigned to the emotion. */
  assigned: ReadonlySet<number>;
}

export interface MoodChoice {
  position: number;
  id: number;
  /** Ranking score: fit × confidence weight × feedback, floored for assigned songs. */
  score: number;
  /** How well the song's point fits its step's region, 0-1 (no weights). */
  fit: number;
  /** The list position's target (lift mode steps; match mode uses one). */
  step: number;
}

/** The targets a list walks through: one region (match), or k steps from the mood to calm-positive (lift). */
export function targetsFor(emotion: Emotion, k: number, mode: RecommendMode): MoodTarget[] {
  return mode === 'lift' ? Array.from({ length: k }, (_, i) => interpolateTarget(MOOD_TARGETS[emotion], LIFT_GOAL, i, k)) : [MOOD_TARGETS[emotion]];
}

/**
 * Emotune's choice of songs for a mood, pure over a mood index: the best-fitting songs for each target,
 * rescored by feedback and assignment, then picked with no artist twice and recent songs last. Lift mode
 * picks one song per step, each step's target a little nearer calm, positive music.
 */
export function chooseForMood(index: MoodIndex, input: MoodChoiceInput): MoodChoice[] {
  const targets = targetsFor(input.emotion, input.k, input.mode);
  const chosen: (Candidate & { step: number })[] = [];
  targets.forEach((target, step) => {
    const candidates = rankCandidates(index, target, Math.max(MIN_CANDIDATES, CANDIDATES_PER_SONG * input.k), input);
    const want = input.mode === 'lift' ? 1 : input.k;
    chosen.push(...pickDiverse(index, candidates, want, input.avoid, chosen).map((c) => ({ ...c, step })));
  });
  return chosen.map((c) => {
    const target = targets[c.step] as MoodTarget;
    return {
      position: c.position,
      id: index.ids[c.position] as number,
      score: c.score,
      fit: regionFit(target, index.valence[c.position] as number, index.arousal[c.position] as number),
      step: c.step,
    };
  });
}

/**
 * The best candidates for a target, best first: the index's top scores, and every song with feedback or
 * assigned to the emotion (few), each score times its feedback factor.
 */
function rankCandidates(index: MoodIndex, target: MoodTarget, m: number, input: MoodChoiceInput): Candidate[] {
  const byPosition = new Map<number, number>();
  for (const c of index.top(target, m)) byPosition.set(c.position, c.score);
  for (const id of [...input.feedback.keys(), ...input.assigned]) {
    const position = index.positionOf(id);
    if (position !== undefined && !byPosition.has(position)) byPosition.set(position, index.score(position, target));
  }
  const ranked: Candidate[] = [];
  for (const [position, base] of byPosition) {
    const id = index.ids[position] as number;
    let score = input.assigned.has(id) ? Math.max(base, ASSIGNED_SCORE) : base;
    score *= input.feedback.get(id) ?? 1;
    ranked.push({ position, score });
  }
  return ranked.sort((a, b) => b.score - a.score || (index.ids[a.position] as number) - (index.ids[b.position] as number));
}
