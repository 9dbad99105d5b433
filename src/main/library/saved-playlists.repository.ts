import type { Database } from 'better-sqlite3';
import type { SavedPlaylist, SavedPlaylistSummary, Song } from '../../shared/api/index.ts';
import { EmotuneError } from '../../shared/errors.ts';
import type { LibraryRepository } from './library.repository.ts';

/**
 * Playlists the listener saved under a name (a mood playlist they liked, or their queue): songs by id, in
 * order. A song that leaves the library leaves its playlists too (ON DELETE CASCADE); saving under an
 * existing name replaces that playlist, as a "Save" in any player does.
 */
export class SavedPlaylistsRepository {
  readonly #db: Database;
  readonly #library: LibraryRepository;

  constructor(db: Database, library: LibraryRepository) {
    this.#db = db;
    this.#library = library;
  }

  list(): SavedPlaylistSummary[] {
    return this.#db
      .prepare(
        `SELECT p.id, p.name, count(ps.song_id) AS songCount, coalesce(sum(s.duration_sec), 0) AS durationSec, p.updated_at AS updatedAt
         FROM saved_playlists p
         LEFT JOIN saved_playlist_songs ps ON ps.playlist_id = p.id
         LEFT JOIN songs s ON s.id = ps.song_id
         GROUP BY p.id ORDER BY p.name COLLATE NOCASE`,
      )
      .all() as SavedPlaylistSummary[];
  }

  get(id: number): SavedPlaylist {
    const row = this.#db.prepare(`SELECT id, name FROM saved_playlists WHERE id = ?`).get(id) as { id: number; name: string } | undefined;
    if (!row) throw new EmotuneError('not-found', `no saved playlist ${id}`);
    const ids = (this.#db.prepare(`SELECT song_id AS id FROM saved_playlist_songs WHERE playlist_id = ? ORDER BY position`).all(id) as { id: number }[]).map((r) => r.id);
    return { ...row, songs: this.#library.getSongsByIds(ids) };
  }

  /** Saves (or replaces, by name) a playlist of these songs, in this order; songs not in the library are refused. */
  save(name: string, songIds: readonly number[], now = Date.now()): SavedPlaylistSummary {
    const known = new Set(this.#library.getSongsByIds(songIds).map((s) => s.id));
    const missing = songIds.filter((id) => !known.has(id));
    if (missing.length > 0) throw new EmotuneError('not-found', `song ${missing[0]} is not in the library`);
    const id = this.#db.transaction(() => {
      const existing = this.#db.prepare(`SELECT id FROM saved_playlists WHERE name = ?`).get(name) as { id: number } | undefined;
      const playlistId = existing
        ? existing.id
        : Number(this.#db.prepare(`INSERT INTO saved_playlists (name, created_at, updated_at) VALUES (?, ?, ?)`).run(name, now, now).lastInsertRowid);
      this.#db.prepare(`UPDATE saved_playlists SET name = ?, updated_at = ? WHERE id = ?`).run(name, now, playlistId);
      this.#db.prepare(`DELETE FROM saved_playlist_songs WHERE playlist_id = ?`).run(playlistId);
      const insert = this.#db.prepare(`INSERT INTO saved_playlist_songs (playlist_id, position, song_id) VALUES (?, ?, ?)`);
      songIds.forEach((songId, position) => insert.run(playlistId, position, songId));
      return playlistId;
    })();
    return this.list().find((p) => p.id === id) as SavedPlaylistSummary;
  }

  remove(id: number): boolean {
    return this.#db.prepare(`DELETE FROM saved_playlists WHERE id = ?`).run(id).changes > 0;
  }
}

/**
 * An extended M3U playlist (UTF-8, `.m3u8`): `#EXTINF:<seconds>,<artist> - <title>` then the file's absolute
 * path, one song per entry, as every desktop player (VLC, foobar2000, Strawberry, Rhythmbox) reads it.
 */
export function toM3u(name: string, songs: readonly Song[]): string {
  const clean = (text: string): string => text.replace(/[\r\n]+/g, ' ');
  const lines = ['#EXTM3U', `#PLAYLIST:${clean(name)}`];
  for (const song of songs) {
    const seconds = song.durationSec === null ? -1 : Math.round(song.durationSec);
    lines.push(`#EXTINF:${seconds},${clean(song.artist ? `${song.artist} - ${song.title}` : song.title)}`, song.path);
  }
  return `${lines.join('\n')}\n`;
}
