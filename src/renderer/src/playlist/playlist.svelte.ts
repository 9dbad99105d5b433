import type { ApiClient, Playlist } from '../../../shared/api/index.ts';

/** The auto-generated playlist for the mood the app follows. */
export class PlaylistStore {
  playlist = $state<Playlist | null>(null);
  error = $state<string | null>(null);
  readonly #client: ApiClient;

  constructor(client: ApiClient) {
    this.#client = client;
  }

  start(): () => void {
    return this.#client.subscribe('playlist.changed', (playlist) => (this.playlist = playlist));
  }

  async refresh(): Promise<void> {
    this.playlist = await this.#client.api['playlist.get']({});
  }

  async reshuffle(): Promise<void> {
    try {
      const next = await this.#client.api['playlist.reshuffle']({});
      if (next) this.playlist = next;
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }
}
