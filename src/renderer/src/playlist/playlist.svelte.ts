import type { ApiClient, Playlist } from '../../../shared/api/index.ts';
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

  async reshuffle(): Promise<void> {
    try {
      await this.#playlist.reply(() => this.#client.api['playlist.reshuffle']({}));
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }
}
