import { readFileSync } from 'node:fs';
import type { Recommendation, SongPick } from '../../shared/api/index.ts';
import type { Emotion } from '../../shared/emotion.ts';
import { EmotuneError } from '../../shared/errors.ts';
import type { RecommendMode, RecommendStrategy } from '../../shared/settings.ts';
import type { LibraryRepository } from '../library/index.ts';
import { MoodIndex } from './mood-index.ts';
import { chooseForMood } from './mood-ranking.ts';
import { describeSong, explainPick, feedbackFactor } from './mood-space.ts';
import { netFeedback, type RecommendRepository, type SongFeedback } from './recommend.repository.ts';
import { choosePool, EmotionRulesSchema, sampleWithoutReplacement, termsFor, type EmotionRules } from './rules.ts';
import { EmotionTargetsSchema, rankBySimilarity, type EmotionTargets } from './similarity.ts';

export interface RecommenderDeps {
  repository: LibraryRepository;
  moods: RecommendRepository;
  rules: EmotionRules;
  /** Paper 2's target vector per emotion; without it, paper 2 falls back to the tag lists. */
  targets?: EmotionTargets;
  random?: () => number;
}

export interface RecommendOptions {
  /** Songs played in the last lists: chosen only when nothing else fits. */
  avoid?: ReadonlySet<number>;
  strategy?: RecommendStrategy | 'random';
  mode?: RecommendMode;
}

/**
 * The playlist engine. Strategies:
 * - `emotune` (default): every analysed song is a point in the valence–arousal plane (the music model's
 *   probabilities, weighted by its confidence); the emotion is a target region (mood-space.ts); songs are
 *   ranked by how well they fit it, times the listener's feedback for that emotion; songs assigned to the
 *   emotion join the list near the top; no artist twice where the library allows; songs from the last lists
 *   are avoided. Mode `match` keeps to the emotion's region; `lift` starts there and steps towards calm,
 *   positive music (the iso principle).
 * - `paper1`: paper 1's per-emotion lists, k sampled (the tag lists, then the library, where none).
 * - `paper2`: paper 2's cosine similarity of min-max {valence, energy, tempo} to the emotion's target, ≥ 0.85,
 *   most similar first.
 * - `random`: k songs drawn from the whole library (the baseline of eval-rec).
 */
export class Recommender {
  readonly #repository: LibraryRepository;
  readonly #moods: RecommendRepository;
  readonly #rules: EmotionRules;
  readonly #targets: EmotionTargets | null;
  readonly #random: () => number;
  #index: MoodIndex | null = null;

  constructor(deps: RecommenderDeps) {
    this.#repository = deps.repository;
    this.#moods = deps.moods;
    this.#rules = deps.rules;
    this.#targets = deps.targets ?? null;
    this.#random = deps.random ?? Math.random;
  }

  /** Drops the cached mood index: call when songs or their features change. */
  invalidate(): void {
    this.#index = null;
  }

  /** The songs' mood points in typed arrays, built on first use after a change. */
  moodIndex(): MoodIndex {
    this.#index ??= new MoodIndex(this.#moods.moodPoints(), this.#moods.moodPointCount());
    return this.#index;
  }

  recommend(emotion: Emotion, k: number, options: RecommendOptions = {}): Recommendation {
    const strategy = options.strategy ?? 'emotune';
    const mode = options.mode ?? 'match';
    const avoid = options.avoid ?? new Set<number>();
    switch (strategy) {
      case 'paper1':
        return this.#paper1(emotion, k, avoid);
      case 'paper2':
        return this.#paper2(emotion, k, avoid);
      case 'random': {
        const all = this.#repository.allSongIds();
        return this.#finish(emotion, 'any', 'random', mode, all.length, sampleWithoutReplacement(all, k, this.#random, avoid), () => ({ fit: null, why: 'drawn at random' }));
      }
      case 'emotune':
        return this.#emotune(emotion, k, mode, avoid);
    }
  }

  #emotune(emotion: Emotion, k: number, mode: RecommendMode, avoid: ReadonlySet<number>): Recommendation {
    const index = this.moodIndex();
    const assignedList = this.#repository.songIdsForEmotion(emotion);
    const assigned = new Set(assignedList);
    // Songs the listener assigned to the mood that have no mood point yet (not analysed) join the list too,
    // sampled, at most half of it: assigned songs join a playlist, they never replace it.
    const unplaced = assignedList.filter((id) => index.positionOf(id) === undefined);
    const joining = sampleWithoutReplacement(unplaced, index.size === 0 ? k : Math.min(unplaced.length, Math.ceil(k / 2)), this.#random, avoid);
    if (index.size === 0) {
      // Nothing analysed yet: the assigned songs, then the tag lists, then the library, until the analysis
      // gives every song a mood.
      const pool = this.#fallbackPool(emotion);
      const taken = new Set(joining);
      const rest = sampleWithoutReplacement(pool.pool.filter((id) => !taken.has(id)), k - joining.length, this.#random, avoid);
      const poolSize = new Set([...unplaced, ...pool.pool]).size;
      return this.#finish(emotion, joining.length > 0 ? 'assigned' : pool.basis, 'emotune', mode, poolSize, [...joining, ...rest], (id) => ({
        fit: null,
        why: assigned.has(id) ? `you chose it for ${emotion}` : pool.basis === 'genre' ? `genre or tag fits ${emotion} (not analysed yet)` : 'not analysed yet',
      }));
    }
    const feedback = this.#moods.feedbackFor(emotion);
    const factors = new Map([...feedback].map(([id, f]) => [id, feedbackFactor(f)]));
    const chosen = chooseForMood(index, { emotion, k: k - joining.length, mode, avoid, feedback: factors, assigned });
    const ids = [...joining, ...chosen.map((c) => c.id)];
    // A small analysed library: top up from the tag lists, then the rest of the library.
    const topUp = ids.length < k ? this.#topUp(emotion, k - ids.length, new Set(ids), avoid) : [];
    const traits = this.#moods.songTraits(ids);
    const byId = new Map(chosen.map((c) => [c.id, c]));
    const steps = chosen.length;
    return this.#finish(emotion, 'mood', 'emotune', mode, index.size, [...ids, ...topUp], (id) => {
      const c = byId.get(id);
      if (!c) return { fit: null, why: assigned.has(id) ? `you chose it for ${emotion} (not analysed yet)` : 'not analysed yet' };
      const trait = traits.get(id);
      const words = describeSong(index.valence[c.position] as number, index.arousal[c.position] as number, {
        mode: trait?.source === 'audio' ? trait.mode : null,
        tempoBpm: trait?.tempoBpm ?? null,
      });
      const f = feedback.get(id);
      const why = explainPick({ emotion, mode, step: c.step, steps, assigned: assigned.has(id), net: f ? netFeedback(f) : 0, thumb: f?.thumb ?? 0 });
      return { fit: Math.round(c.fit * 1000) / 1000, why: `${words} — ${why}` };
    }, feedback);
  }

  #topUp(emotion: Emotion, n: number, taken: ReadonlySet<number>, avoid: ReadonlySet<number>): number[] {
    const out: number[] = [];
    for (const pool of [this.#repository.songIdsMatchingTags(termsFor(this.#rules, emotion)), this.#repository.allSongIds()]) {
      if (out.length >= n) break;
      const free = pool.filter((id) => !taken.has(id) && !out.includes(id));
      out.push(...sampleWithoutReplacement(free, n - out.length, this.#random, avoid));
    }
    return out;
  }

  #fallbackPool(emotion: Emotion): ReturnType<typeof choosePool> {
    return choosePool({ assigned: [], tagged: this.#repository.songIdsMatchingTags(termsFor(this.#rules, emotion)), all: this.#repository.allSongIds() });
  }

  /** Paper 1: the emotion's assigned list, k sampled; without one, the tag lists, then the library. */
  #paper1(emotion: Emotion, k: number, avoid: ReadonlySet<number>): Recommendation {
    const { basis, pool } = choosePool({
      assigned: this.#repository.songIdsForEmotion(emotion),
      tagged: this.#repository.songIdsMatchingTags(termsFor(this.#rules, emotion)),
      all: this.#repository.allSongIds(),
    });
    const why = basis === 'assigned' ? `on your ${emotion} list` : basis === 'genre' ? `genre or tag fits ${emotion}` : 'drawn from the library';
    return this.#finish(emotion, basis, 'paper1', 'match', pool.length, sampleWithoutReplacement(pool, k, this.#random, avoid), () => ({ fit: null, why }));
  }

  /** Paper 2: cosine similarity to the emotion's {valence, energy, tempo} target, most similar first. */
  #paper2(emotion: Emotion, k: number, avoid: ReadonlySet<number>): Recommendation {
    const ranked = this.#targets ? rankBySimilarity(this.#repository.featureVectors(), this.#targets.emotions[emotion]) : [];
    if (ranked.length === 0) {
      const pool = this.#fallbackPool(emotion);
      return this.#finish(emotion, pool.basis, 'paper2', 'match', pool.pool.length, sampleWithoutReplacement(pool.pool, k, this.#random, avoid), () => ({ fit: null, why: 'no measured features match' }));
    }
    const pool = ranked.map((s) => s.id);
    const ids = [...pool.filter((id) => !avoid.has(id)), ...pool.filter((id) => avoid.has(id))].slice(0, k);
    const similarity = new Map(ranked.map((s) => [s.id, s.similarity]));
    const topUp = ids.length < k ? this.#topUp(emotion, k - ids.length, new Set(ids), avoid) : [];
    return this.#finish(emotion, 'features', 'paper2', 'match', pool.length, [...ids, ...topUp], (id) => {
      const s = similarity.get(id);
      return s === undefined ? { fit: null, why: 'added to fill the list' } : { fit: Math.round(s * 1000) / 1000, why: `${Math.round(s * 100)} % feature match to ${emotion}` };
    });
  }

  #finish(
    emotion: Emotion,
    basis: Recommendation['basis'],
    strategy: RecommendStrategy | 'random',
    mode: RecommendMode,
    poolSize: number,
    ids: readonly number[],
    explain: (id: number, i: number) => Omit<SongPick, 'thumb'>,
    // The listener's thumbs shown with the songs: the emotune path has read them already.
    feedback: ReadonlyMap<number, SongFeedback> = this.#moods.feedbackFor(emotion),
  ): Recommendation {
    const songs = this.#repository.getSongsByIds(ids);
    const picks: SongPick[] = songs.map((song, i) => ({ ...explain(song.id, i), thumb: feedback.get(song.id)?.thumb ?? 0 }));
    return {
      emotion,
      basis,
      strategy,
      mode,
      poolSize,
      songs,
      picks,
      similarities: strategy === 'paper2' ? picks.map((p) => p.fit) : songs.map(() => null),
    };
  }
}

export function loadEmotionRules(file: string): EmotionRules {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new EmotuneError('invalid-input', `cannot read emotion rules ${file}: ${(error as Error).message}`);
  }
  const parsed = EmotionRulesSchema.safeParse(json);
  if (!parsed.success) {
    throw new EmotuneError('invalid-input', `emotion rules ${file} are not valid: ${parsed.error.message}`);
  }
  return parsed.data;
}

export function loadEmotionTargets(file: string): EmotionTargets {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new EmotuneError('invalid-input', `cannot read emotion targets ${file}: ${(error as Error).message}`);
  }
  const parsed = EmotionTargetsSchema.safeParse(json);
  if (!parsed.success) throw new EmotuneError('invalid-input', `emotion targets ${file} are not valid: ${parsed.error.message}`);
  return parsed.data;
}
