import type { Playlist } from '../../shared/api/index.ts';
import type { Emotion } from '../../shared/emotion.ts';
import type { RecommendMode, RecommendStrategy } from '../../shared/settings.ts';
import type { Recommender } from './recommender.service.ts';

/** Songs of this many recent lists are avoided in the next one while others fit. */
export const RECENT_LISTS = 3;

export interface PlaylistServiceDeps {
  recommender: Recommender;
  size: () => number;
  strategy?: () => RecommendStrategy;
  mode?: () => RecommendMode;
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
  /** The song ids of the last lists, newest last. */
  readonly #recent: number[][] = [];

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
    return this.#build(reason, this.#recentSongs());
  }

  /** A new list for the same mood, without the songs of the last few lists where others fit. */
  reshuffle(): Playlist | null {
    if (!this.#following) return null;
    return this.#build('reshuffle', this.#recentSongs());
  }

  /** After an import, an analysis or a setting change: the list rebuilt from what the library has now. */
  refreshAfterLibraryChange(): Playlist | null {
    this.#deps.recommender.invalidate();
    if (!this.#following) return null;
    return this.#build('library-changed', new Set());
  }

  /** A new list for the mood followed, after a change of how lists are chosen (strategy, mode). */
  rebuild(reason: Playlist['reason']): Playlist | null {
    if (!this.#following) return null;
    return this.#build(reason, new Set());
  }

  /** Shows the listener's new thumbs on a song of the current list (the list itself stays). */
  setThumb(songId: number, thumb: -1 | 0 | 1): Playlist | null {
    const current = this.#current;
    if (!current || !current.songs.some((s) => s.id === songId)) return current;
    this.#current = { ...current, picks: current.picks.map((p, i) => (current.songs[i]?.id === songId ? { ...p, thumb } : p)) };
    this.#deps.onChanged(this.#current);
    return this.#current;
  }

  #recentSongs(): Set<number> {
    return new Set(this.#recent.flat());
  }

  #build(reason: Playlist['reason'], avoid: ReadonlySet<number>): Playlist | null {
    if (!this.#following) return null;
    const recommendation = this.#deps.recommender.recommend(this.#following.emotion, this.#deps.size(), {
      avoid,
      strategy: this.#deps.strategy?.() ?? 'emotune',
      mode: this.#deps.mode?.() ?? 'match',
    });
    this.#recent.push(recommendation.songs.map((s) => s.id));
    if (this.#recent.length > RECENT_LISTS) this.#recent.shift();
    this.#current = { ...recommendation, reason, generatedAt: (this.#deps.now ?? Date.now)() };
    this.#deps.onChanged(this.#current);
    return this.#current;
  }
}
