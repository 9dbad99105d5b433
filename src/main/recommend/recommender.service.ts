import { readFileSync } from 'node:fs';
import type { Recommendation } from '../../shared/api/index.ts';
import type { Emotion } from '../../shared/emotion.ts';
import { EmotuneError } from '../../shared/errors.ts';
import type { LibraryRepository } from '../library/index.ts';
import { choosePool, EmotionRulesSchema, sampleWithoutReplacement, termsFor, type EmotionRules } from './rules.ts';

export interface RecommenderDeps {
  repository: LibraryRepository;
  rules: EmotionRules;
  random?: () => number;
}

/** Paper 1's rule-based engine: one song list per emotion, k songs sampled from it. */
export class Recommender {
  readonly #repository: LibraryRepository;
  readonly #rules: EmotionRules;
  readonly #random: () => number;

  constructor(deps: RecommenderDeps) {
    this.#repository = deps.repository;
    this.#rules = deps.rules;
    this.#random = deps.random ?? Math.random;
  }

  recommend(emotion: Emotion, k: number, avoid: ReadonlySet<number> = new Set()): Recommendation {
    const { basis, pool } = choosePool({
      assigned: this.#repository.songIdsForEmotion(emotion),
      tagged: this.#repository.songIdsMatchingTags(termsFor(this.#rules, emotion)),
      all: this.#repository.allSongIds(),
    });
    const ids = sampleWithoutReplacement(pool, k, this.#random, avoid);
    return { emotion, basis, poolSize: pool.length, songs: this.#repository.getSongsByIds(ids) };
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
