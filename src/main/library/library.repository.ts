import { sep } from 'node:path';
import type { Database, Statement } from 'better-sqlite3';
import type { Album, ImportError, Song, SongSort } from '../../shared/api/index.ts';
import { EMOTIONS, isEmotion, type Emotion } from '../../shared/emotion.ts';
import { naturalKey } from './natural-sort.ts';

/** A file's tags as read by the scanner, ready to store. */
export interface ScannedSong {
  path: string;
  sizeBytes: number;
  mtimeMs: number;
  title: string;
  artist: string | null;
  album: string | null;
  genre: string | null;
  moodTag: string | null;
  /** The release year from the tags, where there is one. */
  year?: number | null;
  durationSec: number | null;
  container: string | null;
  codec: string | null;
  /** File name of the song's cover image in the covers folder (content hash), if it has one. */
  cover: string | null;
}

export interface FileStamp {
  sizeBytes: number;
  mtimeMs: number;
}

interface SongRow {
  id: number;
  path: string;
  title: string;
  artist: string | null;
  album: string | null;
  genre: string | null;
  year: number | null;
  duration_sec: number | null;
  cover: string | null;
  emotions: string | null;
  f_source: 'audio' | 'csv' | null;
  f_tempo: number | null;
  f_loudness: number | null;
  f_brightness: number | null;
  f_key: number | null;
  f_mode: 'major' | 'minor' | null;
  f_onsets: number | null;
  f_energy: number | null;
  f_valence: number | null;
  f_arousal: number | null;
  f_error: string | null;
}

const KEY_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

const SONG_COLUMNS = `s.id, s.path, s.title, s.artist, s.album, s.genre, s.year, s.duration_sec, s.cover,
  (SELECT group_concat(emotion) FROM song_emotions e WHERE e.song_id = s.id) AS emotions,
  f.source AS f_source, f.tempo_bpm AS f_tempo, f.loudness_lufs AS f_loudness, f.brightness_hz AS f_brightness,
  f.key AS f_key, f.mode AS f_mode, f.onset_rate AS f_onsets, f.energy AS f_energy, f.valence AS f_valence,
  f.arousal AS f_arousal, f.error AS f_error`;
const SONG_FROM = `songs s LEFT JOIN song_features f ON f.song_id = s.id`;

function toSong(row: SongRow): Song {
  const assigned = new Set((row.emotions ?? '').split(',').filter(isEmotion));
  const hasFeatures = row.f_source !== null && row.f_error === null;
  return {
    id: row.id,
    path: row.path,
    title: row.title,
    artist: row.artist,
    album: row.album,
    genre: row.genre,
    year: row.year,
    durationSec: row.duration_sec,
    hasCover: row.cover !== null,
    emotions: EMOTIONS.filter((e) => assigned.has(e)),
    features: hasFeatures
      ? {
          source: row.f_source as 'audio' | 'csv',
          tempoBpm: row.f_tempo,
          loudnessLufs: row.f_loudness,
          brightnessHz: row.f_brightness,
          key: row.f_key !== null && row.f_mode !== null ? `${KEY_NAMES[row.f_key]} ${row.f_mode}` : null,
          onsetRate: row.f_onsets,
          energy: row.f_energy,
          valence: row.f_valence,
          arousal: row.f_arousal,
        }
      : null,
    analysisError: row.f_error,
  };
}

const SORT_EXPRESSIONS: Record<SongSort, string[]> = {
  // Natural order (numbers as numbers, case and accents folded): library/natural-sort.ts.
  artist: ['s.artist_key', 's.album_key', 's.title_key'],
  title: ['s.title_key'],
  album: ['s.album_key', 's.title_key'],
  year: ['s.year', 's.album_key', 's.title_key'],
  genre: ['lower(s.genre)', 's.title_key'],
  duration: ['s.duration_sec'],
  tempo: ['f.tempo_bpm'],
  energy: ['f.energy'],
  valence: ['f.valence'],
  added: ['s.added_at'],
};

/**
 * The path range [prefix, upper) holding every path that starts with `prefix` (which ends in a separator):
 * "dir/…" sorts between "dir/" and "dir0", as '0' follows '/' in code-point order (SQLite's BINARY collation).
 */
function prefixRange(prefix: string): [string, string] {
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)];
}

/** Escapes LIKE wildcards so a search for "100%" means the text "100%". */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** All SQL of the music library. Statements are prepared once; rows are mapped to camelCase here. */
export class LibraryRepository {
  readonly #db: Database;
  readonly #upsert: Statement;
  readonly #stampsUnder: Statement;
  readonly #deleteByPath: Statement;
  readonly #insertError: Statement;
  readonly #deleteError: Statement;
  readonly #count: Statement;

  constructor(db: Database) {
    this.#db = db;
    this.#upsert = db.prepare(`
      INSERT INTO songs (path, size_bytes, mtime_ms, title, artist, album, genre, mood_tag, year, duration_sec, container,
                         codec, cover, title_key, artist_key, album_key, added_at, updated_at)
      VALUES (@path, @sizeBytes, @mtimeMs, @title, @artist, @album, @genre, @moodTag, @year, @durationSec, @container, @codec,
              @cover, @titleKey, @artistKey, @albumKey, @now, @now)
      ON CONFLICT (path) DO UPDATE SET
        size_bytes = excluded.size_bytes, mtime_ms = excluded.mtime_ms, title = excluded.title,
        artist = excluded.artist, album = excluded.album, genre = excluded.genre, mood_tag = excluded.mood_tag,
        year = excluded.year, duration_sec = excluded.duration_sec, container = excluded.container, codec = excluded.codec,
        cover = excluded.cover, title_key = excluded.title_key, artist_key = excluded.artist_key,
        album_key = excluded.album_key, updated_at = excluded.updated_at`);
    this.#stampsUnder = db.prepare(
      `SELECT path, size_bytes AS sizeBytes, mtime_ms AS mtimeMs FROM songs WHERE path >= ? AND path < ?`,
    );
    this.#deleteByPath = db.prepare(`DELETE FROM songs WHERE path = ?`);
    this.#insertError = db.prepare(
      `INSERT INTO import_errors (path, message, at) VALUES (?, ?, ?)
       ON CONFLICT (path) DO UPDATE SET message = excluded.message, at = excluded.at`,
    );
    this.#deleteError = db.prepare(`DELETE FROM import_errors WHERE path = ?`);
    this.#count = db.prepare(`SELECT count(*) AS n FROM songs`);
  }

  /** Stores one batch of scanned files and clears their old errors, in one transaction. */
  saveBatch(songs: readonly ScannedSong[], errors: readonly ImportError[], now = Date.now()): void {
    this.#db.transaction(() => {
      for (const song of songs) {
        this.#upsert.run({
          ...song,
          year: song.year ?? null,
          titleKey: naturalKey(song.title),
          artistKey: naturalKey(song.artist),
          albumKey: naturalKey(song.album),
          now,
        });
        this.#deleteError.run(song.path);
      }
      for (const error of errors) this.#insertError.run(error.path, error.message, now);
    })();
  }

  /** Size and mtime of every stored file under `folder` (which ends in a path separator). */
  stampsUnder(folder: string): Map<string, FileStamp> {
    const rows = this.#stampsUnder.all(...prefixRange(folder)) as ({ path: string } & FileStamp)[];
    return new Map(rows.map((r) => [r.path, { sizeBytes: r.sizeBytes, mtimeMs: r.mtimeMs }]));
  }

  removeSongs(paths: readonly string[]): void {
    this.#db.transaction(() => {
      for (const path of paths) {
        this.#deleteByPath.run(path);
        this.#deleteError.run(path);
      }
    })();
  }

  /** A folder as an import starts: known from now on, not yet scanned to the end (last scan unchanged). */
  recordFolder(folder: string, now = Date.now()): void {
    this.#db.prepare(`INSERT INTO library_folders (path, added_at, last_scan_at) VALUES (?, ?, NULL) ON CONFLICT (path) DO NOTHING`).run(folder, now);
  }

  recordFolderScan(folder: string, now = Date.now()): void {
    this.#db
      .prepare(
        `INSERT INTO library_folders (path, added_at, last_scan_at) VALUES (?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET last_scan_at = excluded.last_scan_at`,
      )
      .run(folder, now, now);
  }

  /** The folders imported so far, with how many songs each holds. */
  listFolders(): { path: string; songs: number; lastScanAt: number | null }[] {
    const folders = this.#db
      .prepare(`SELECT path, last_scan_at AS lastScanAt FROM library_folders ORDER BY path`)
      .all() as { path: string; lastScanAt: number | null }[];
    const count = this.#db.prepare(`SELECT count(*) AS n FROM songs WHERE path >= ? AND path < ?`);
    return folders.map((f) => {
      const [lo, hi] = prefixRange(f.path.endsWith(sep) ? f.path : f.path + sep);
      return { ...f, songs: (count.get(lo, hi) as { n: number }).n };
    });
  }

  /**
   * Forgets a folder and its songs (the files stay where they are); inside another library folder, only the
   * folder is forgotten, as the outer one still holds its songs. Returns how many songs went.
   */
  removeFolder(folder: string): number {
    const [lo, hi] = prefixRange(folder.endsWith(sep) ? folder : folder + sep);
    const inOther = this.listFolders().some((f) => f.path !== folder && folder.startsWith(f.path.endsWith(sep) ? f.path : f.path + sep));
    return this.#db.transaction(() => {
      this.#db.prepare(`DELETE FROM library_folders WHERE path = ?`).run(folder);
      if (inOther) return 0;
      this.#db.prepare(`DELETE FROM import_errors WHERE path >= ? AND path < ?`).run(lo, hi);
      return this.#db.prepare(`DELETE FROM songs WHERE path >= ? AND path < ?`).run(lo, hi).changes;
    })();
  }

  count(): number {
    return (this.#count.get() as { n: number }).n;
  }

  /** Songs in all, with audio or CSV features, and whose analysis failed. */
  stats(): { total: number; analyzed: number; analysisFailed: number } {
    return this.#db
      .prepare(
        `SELECT count(*) AS total,
           count(f.song_id) FILTER (WHERE f.error IS NULL) AS analyzed,
           count(f.song_id) FILTER (WHERE f.error IS NOT NULL) AS analysisFailed
         FROM songs s LEFT JOIN song_features f ON f.song_id = s.id`,
      )
      .get() as { total: number; analyzed: number; analysisFailed: number };
  }

  listSongs(options: { query: string; limit: number; offset: number; sort?: SongSort; descending?: boolean }): {
    songs: Song[];
    total: number;
  } {
    const query = options.query.trim();
    const direction = options.descending ? 'DESC' : 'ASC';
    // Unknown values (NULL) sort last either way; the id keeps the order stable.
    const key = SORT_EXPRESSIONS[options.sort ?? 'artist'];
    const order = key.map((e) => `(${e}) IS NULL, ${e} ${direction}`).join(', ');
    const where = query ? `WHERE s.title LIKE @q ESCAPE '\\' OR s.artist LIKE @q ESCAPE '\\' OR s.album LIKE @q ESCAPE '\\' OR s.genre LIKE @q ESCAPE '\\'` : '';
    const params = { q: likePattern(query), limit: options.limit, offset: options.offset };
    const rows = this.#db
      .prepare(
        `SELECT ${SONG_COLUMNS} FROM ${SONG_FROM} ${where}
         ORDER BY ${order}, s.id LIMIT @limit OFFSET @offset`,
      )
      .all(query ? params : { limit: params.limit, offset: params.offset }) as SongRow[];
    const total = (
      this.#db.prepare(`SELECT count(*) AS n FROM songs s ${where}`).get(query ? { q: params.q } : {}) as { n: number }
    ).n;
    return { songs: rows.map(toSong), total };
  }

  /**
   * The albums (songs with an album tag, grouped by album and artist), in natural order, with a song whose cover
   * stands for each; a search matches album or artist.
   */
  listAlbums(options: { query: string; limit: number }): { albums: Album[]; total: number } {
    const query = options.query.trim();
    const where = `WHERE s.album IS NOT NULL${query ? ` AND (s.album LIKE @q ESCAPE '\\' OR s.artist LIKE @q ESCAPE '\\')` : ''}`;
    const grouped = `SELECT s.album_key, s.artist_key, min(s.album) AS album, min(s.artist) AS artist, max(s.year) AS year,
        count(*) AS songCount, min(CASE WHEN s.cover IS NOT NULL THEN s.id END) AS coverSongId
      FROM songs s ${where} GROUP BY s.album_key, s.artist_key`;
    const params = query ? { q: likePattern(query), limit: options.limit } : { limit: options.limit };
    const albums = this.#db
      .prepare(`${grouped} ORDER BY album_key, artist_key LIMIT @limit`)
      .all(params)
      .map((r) => {
        const { album, artist, year, songCount, coverSongId } = r as Album;
        return { album, artist, year, songCount, coverSongId };
      });
    const total = (this.#db.prepare(`SELECT count(*) AS n FROM (${grouped})`).get(query ? { q: params.q } : {}) as { n: number }).n;
    return { albums, total };
  }

  getSong(id: number): Song | null {
    const row = this.#db.prepare(`SELECT ${SONG_COLUMNS} FROM ${SONG_FROM} WHERE s.id = ?`).get(id) as SongRow | undefined;
    return row ? toSong(row) : null;
  }

  getSongsByIds(ids: readonly number[]): Song[] {
    if (ids.length === 0) return [];
    const rows = this.#db
      .prepare(`SELECT ${SONG_COLUMNS} FROM ${SONG_FROM} WHERE s.id IN (${ids.map(() => '?').join(',')})`)
      .all(...ids) as SongRow[];
    const byId = new Map(rows.map((r) => [r.id, toSong(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Ids of songs assigned to an emotion. */
  songIdsForEmotion(emotion: Emotion): number[] {
    return (
      this.#db.prepare(`SELECT song_id AS id FROM song_emotions WHERE emotion = ? ORDER BY song_id`).all(emotion) as {
        id: number;
      }[]
    ).map((r) => r.id);
  }

  /** Ids of songs whose genre or mood tag contains any of the terms (case-insensitive). */
  songIdsMatchingTags(terms: readonly string[]): number[] {
    if (terms.length === 0) return [];
    const clauses = terms.map(
      (_, i) => `lower(coalesce(genre, '')) LIKE @t${i} ESCAPE '\\' OR lower(coalesce(mood_tag, '')) LIKE @t${i} ESCAPE '\\'`,
    );
    const params = Object.fromEntries(terms.map((t, i) => [`t${i}`, likePattern(t.toLowerCase())]));
    return (
      this.#db.prepare(`SELECT id FROM songs WHERE ${clauses.join(' OR ')} ORDER BY id`).all(params) as { id: number }[]
    ).map((r) => r.id);
  }

  /** {valence, energy, tempo} of every song that has all three (from its audio or a CSV). */
  featureVectors(): { id: number; valence: number; energy: number; tempoBpm: number }[] {
    return this.#db
      .prepare(
        `SELECT song_id AS id, valence, energy, tempo_bpm AS tempoBpm FROM song_features
         WHERE error IS NULL AND valence IS NOT NULL AND energy IS NOT NULL AND tempo_bpm IS NOT NULL ORDER BY song_id`,
      )
      .all() as { id: number; valence: number; energy: number; tempoBpm: number }[];
  }

  allSongIds(): number[] {
    return (this.#db.prepare(`SELECT id FROM songs ORDER BY id`).all() as { id: number }[]).map((r) => r.id);
  }

  /** The cover image's file name (in the covers folder) of a library song. */
  getSongCover(id: number): string | null {
    return (this.#db.prepare(`SELECT cover FROM songs WHERE id = ?`).get(id) as { cover: string | null } | undefined)?.cover ?? null;
  }

  getSongFile(id: number): { path: string; sizeBytes: number; container: string | null } | null {
    return (
      (this.#db.prepare(`SELECT path, size_bytes AS sizeBytes, container FROM songs WHERE id = ?`).get(id) as
        | { path: string; sizeBytes: number; container: string | null }
        | undefined) ?? null
    );
  }

  setEmotion(songId: number, emotion: Emotion, assigned: boolean, now = Date.now()): void {
    if (assigned) {
      this.#db
        .prepare(
          `INSERT INTO song_emotions (song_id, emotion, source, assigned_at) VALUES (?, ?, 'user', ?)
           ON CONFLICT (song_id, emotion) DO NOTHING`,
        )
        .run(songId, emotion, now);
    } else {
      this.#db.prepare(`DELETE FROM song_emotions WHERE song_id = ? AND emotion = ?`).run(songId, emotion);
    }
  }

  listErrors(limit = 500): ImportError[] {
    return this.#db
      .prepare(`SELECT path, message FROM import_errors ORDER BY at DESC, path LIMIT ?`)
      .all(limit) as ImportError[];
  }
}
