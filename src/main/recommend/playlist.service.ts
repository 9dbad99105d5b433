import type { Playlist } from '../../shared/api/index.ts';
import type { Emotion } from '../../shared/emotion.ts';
import type { Recommender } from './recommender.service.ts';

export interface PlaylistServiceDeps {
  recommender: Recommender;
  size: () => number;
  onChanged(playlist: Playlist): void;
  now?: () => number;
}

/**
 * Keeps the auto-generated playlist: rebuilt when the mood it follows changes, on a reshuffle, or when the
 * library changes; unchanged while the mood stays the same, so a flicker does not reshuffle the music.
 */
export class PlaylistService {
  readonly #deps: PlaylistServiceDeps;
  #current: Playlist | null = null;
  #following: { emotion: Emotion; reason: 'detected' | 'override' } | null = null;

  constructor(deps: PlaylistServiceDeps) {
    this.#deps = deps;
  }

  get current(): Playlist | null {
    return this.#current;
  }

  /** Follows the effective mood; no-op when it is the one already followed. */
  follow(emotion: Emotion | null, reason: 'detected' | 'override'): Playlist | null {
    if (emotion === null) return this.#current;
    if (this.#following?.emotion === emotion) {
      this.#following = { emotion, reason };
      return this.#current;
    }
    this.#following = { emotion, reason };
    return this.#build(reason, new Set());
  }

  reshuffle(): Playlist | null {
    if (!this.#following) return null;
    return this.#build('reshuffle', new Set(this.#current?.songs.map((s) => s.id)));
  }

  /** After an import: refresh a playlist that had nothing (or only fallbacks) to offer. */
  refreshAfterLibraryChange(): Playlist | null {
    if (!this.#following) return null;
    return this.#build('library-changed', new Set());
  }

  #build(reason: Playlist['reason'], avoid: ReadonlySet<number>): Playlist | null {
    if (!this.#following) return null;
    const recommendation = this.#deps.recommender.recommend(this.#following.emotion, this.#deps.size(), avoid);
    this.#current = { ...recommendation, reason, generatedAt: (this.#deps.now ?? Date.now)() };
    this.#deps.onChanged(this.#current);
    return this.#current;
  }
}
