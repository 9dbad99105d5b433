import type { ApiClient, SavedPlaylistSummary, Song } from '../../../shared/api/index.ts';

/** Playlists saved under a name: listed, saved (a mood playlist, or the queue), played, exported as M3U, deleted. */
export class SavedPlaylistsStore {
  playlists = $state<SavedPlaylistSummary[]>([]);
  error = $state<string | null>(null);
  /** The last one saved, for a short "Saved" note. */
  lastSaved = $state<string | null>(null);
  readonly #client: ApiClient;

  constructor(client: ApiClient) {
    this.#client = client;
  }

  async refresh(): Promise<void> {
    this.playlists = (await this.#client.api['playlists.list']({})).playlists;
  }

  async save(name: string, songs: readonly Song[]): Promise<boolean> {
    try {
      const saved = await this.#client.api['playlists.save']({ name: name.trim(), songIds: songs.map((s) => s.id) });
      this.lastSaved = saved.name;
      this.error = null;
      await this.refresh();
      return true;
    } catch (error) {
      this.error = (error as Error).message;
      return false;
    }
  }

  async songsOf(id: number): Promise<Song[]> {
    return (await this.#client.api['playlists.get']({ id })).songs;
  }

  async remove(id: number): Promise<void> {
    try {
      await this.#client.api['playlists.delete']({ id });
      await this.refresh();
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  /** The playlist as an .m3u8 file, downloaded by the page (any player opens it). */
  async exportM3u(id: number): Promise<void> {
    try {
      const { fileName, text } = await this.#client.api['playlists.exportFile']({ id });
      const url = URL.createObjectURL(new Blob([text], { type: 'audio/x-mpegurl;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }
}
