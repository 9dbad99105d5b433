import type { ApiClient, Playlist, Song } from '../../../shared/api/index.ts';
import { EventOrdered } from '../api/event-ordered.ts';

/** The auto-generated playlist for the mood the app follows. */
export class PlaylistStore {
  playlist = $state<Playlist | null>(null);
  error = $state<string | null>(null);
  readonly #client: ApiClient;
  readonly #playlist = new EventOrdered<Playlist | null>((playlist) => {
    // A reshuffle with no mood to follow answers null: the playlist shown stays.
    if (playlist) this.playlist = playlist;
  });

  constructor(client: ApiClient) {
    this.#client = client;
  }

  start(): () => void {
    return this.#client.subscribe('playlist.changed', (playlist) => this.#playlist.event(playlist));
  }

  async refresh(): Promise<void> {
    await this.#playlist.reply(() => this.#client.api['playlist.get']({}));
  }

  /** Thumbs up or down for a song of the list, for its mood; pressing the same thumb again takes it back. */
  async setThumb(songId: number, up: boolean): Promise<void> {
    const playlist = this.playlist;
    const index = playlist?.songs.findIndex((s) => s.id === songId) ?? -1;
    if (!playlist || index < 0) return;
    const current = playlist.picks[index]?.thumb ?? 0;
    const kind = current === (up ? 1 : -1) ? 'thumb-clear' : up ? 'thumb-up' : 'thumb-down';
    await this.#send(songId, playlist.emotion, kind);
  }

  /** The player's report on a song of the list: played through, or skipped in its first seconds. */
  async recordListening(song: Song, outcome: 'played' | 'skipped'): Promise<void> {
    const playlist = this.playlist;
    if (!playlist || !playlist.songs.some((s) => s.id === song.id)) return;
    await this.#send(song.id, playlist.emotion, outcome);
  }

  async #send(songId: number, emotion: Playlist['emotion'], kind: 'thumb-up' | 'thumb-down' | 'thumb-clear' | 'played' | 'skipped'): Promise<void> {
    try {
      await this.#client.api['playlist.giveFeedback']({ songId, emotion, kind });
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  async reshuffle(): Promise<void> {
    try {
      await this.#playlist.reply(() => this.#client.api['playlist.reshuffle']({}));
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }
}
