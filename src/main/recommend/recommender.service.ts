import { readFileSync } from 'node:fs';
import type { Recommendation } from '../../shared/api/index.ts';
import type { Emotion } from '../../shared/emotion.ts';
import { EmotuneError } from '../../shared/errors.ts';
import type { LibraryRepository } from '../library/index.ts';
import { choosePool, EmotionRulesSchema, sampleWithoutReplacement, termsFor, type EmotionRules } from './rules.ts';
import { EmotionTargetsSchema, rankBySimilarity, type EmotionTargets } from './similarity.ts';

export interface RecommenderDeps {
  repository: LibraryRepository;
  rules: EmotionRules;
  /** Paper 2's target vector per emotion; without it, measured features are not used. */
  targets?: EmotionTargets;
  random?: () => number;
}

/**
 * The playlist engine, after both papers: songs assigned to the emotion are paper 1's list, k sampled from
 * it. Without any, paper 2: the songs whose {valence, energy, tempo} are closest (cosine ≥ 0.85) to the
 * emotion's target, the k most similar (a reshuffle takes the next ones). Without measured features, the
 * genre/tag lists, then the whole library.
 */
export class Recommender {
  readonly #repository: LibraryRepository;
  readonly #rules: EmotionRules;
  readonly #targets: EmotionTargets | null;
  readonly #random: () => number;

  constructor(deps: RecommenderDeps) {
    this.#repository = deps.repository;
    this.#rules = deps.rules;
    this.#targets = deps.targets ?? null;
    this.#random = deps.random ?? Math.random;
  }

  recommend(emotion: Emotion, k: number, avoid: ReadonlySet<number> = new Set()): Recommendation {
    const assigned = this.#repository.songIdsForEmotion(emotion);
    const ranked =
      assigned.length === 0 && this.#targets ? rankBySimilarity(this.#repository.featureVectors(), this.#targets.emotions[emotion]) : [];
    const similar = ranked.map((s) => s.id);
    const tagged = this.#repository.songIdsMatchingTags(termsFor(this.#rules, emotion));
    const all = this.#repository.allSongIds();
    const { basis, pool } = choosePool({ assigned, similar, tagged, all });
    let ids: number[];
    if (basis === 'features') {
      // Ranked: the most similar first, skipping the ones just played on a reshuffle. Fewer than k similar
      // songs are topped up from the tag lists, then the library, so a playlist is never cut short.
      ids = [...pool.filter((id) => !avoid.has(id)), ...pool.filter((id) => avoid.has(id))].slice(0, k);
      for (const fallback of [tagged, all]) {
        if (ids.length >= k) break;
        const taken = new Set(ids);
        ids.push(...sampleWithoutReplacement(fallback.filter((id) => !taken.has(id)), k - ids.length, this.#random, avoid));
      }
    } else {
      ids = sampleWithoutReplacement(pool, k, this.#random, avoid);
    }
    const songs = this.#repository.getSongsByIds(ids);
    const similarity = new Map(basis === 'features' ? ranked.map((s) => [s.id, s.similarity]) : []);
    return { emotion, basis, poolSize: pool.length, songs, similarities: songs.map((song) => similarity.get(song.id) ?? null) };
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
