import type { Database, Statement } from 'better-sqlite3';
import type { Emotion } from '../../../shared/emotion.ts';
import { matchKey } from './normalise.ts';
import type { CatalogueRow } from './feature-table.ts';

/**
 * SQL of the track catalogue. An import writes its rows in batches under its own import id and becomes
 * visible only when `complete()` swaps it in, in one transaction; rows of an import that never completed
 * (the app was killed) are removed by `removeIncomplete()`. So a killed CSV import loses nothing and leaves
 * nothing half-done.
 */
export class CatalogueRepository {
  readonly #db: Database;
  readonly #insert: Statement;

  constructor(db: Database) {
    this.#db = db;
    this.#insert = db.prepare(`
      INSERT OR IGNORE INTO catalogue_tracks (import_id, external_id, title, artist, album, genre, mood, match_key,
        valence, energy, tempo, loudness, danceability, acousticness, mode, key, duration_ms)
      VALUES (@importId, @externalId, @title, @artist, @album, @genre, @mood, @matchKey, @valence, @energy, @tempo,
        @loudness, @danceability, @acousticness, @mode, @key, @durationMs)`);
  }

  removeIncomplete(): number {
    return this.#db.prepare(`DELETE FROM catalogue_imports WHERE completed_at IS NULL`).run().changes;
  }

  /**
   * Deletes the rows of imports that are not visible (superseded or never completed), `step` rows per
   * transaction, yielding between steps; `except` is the import in progress.
   */
  async dropSuperseded(except: string | null, step = 2000): Promise<void> {
    const imports = this.#db.prepare(`SELECT id FROM catalogue_imports WHERE completed_at IS NULL AND id IS NOT ?`).all(except) as { id: string }[];
    const chunk = this.#db.prepare(`DELETE FROM catalogue_tracks WHERE id IN (SELECT id FROM catalogue_tracks WHERE import_id = ? LIMIT ?)`);
    for (const { id } of imports) {
      while (chunk.run(id, step).changes > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      this.#db.prepare(`DELETE FROM catalogue_imports WHERE id = ?`).run(id);
    }
  }

  begin(importId: string, source: string, file: string, now = Date.now()): void {
    this.#db.prepare(`INSERT INTO catalogue_imports (id, source, file, started_at) VALUES (?, ?, ?, ?)`).run(importId, source, file, now);
  }

  /** Inserts a batch; rows repeating an id already in this import are ignored. Returns how many were new. */
  insertBatch(importId: string, rows: readonly CatalogueRow[]): number {
    let inserted = 0;
    this.#db.transaction(() => {
      for (const row of rows) {
        inserted += this.#insert.run({ importId, ...row, externalId: row.externalId ?? row.matchKey }).changes;
      }
    })();
    return inserted;
  }

  /**
   * Makes the import current (replacing earlier imports of the same source), links its tracks to library
   * songs by normalised artist and title, and gives matched songs the table's features (source 'csv').
   * Returns how many tracks matched a song.
   */
  complete(importId: string, source: string, now = Date.now()): { rows: number; matched: number } {
    return this.#db.transaction(() => {
      // Earlier imports of the source become invisible here (incomplete again); their rows are deleted
      // afterwards, in small steps (dropSuperseded), so a big table does not stall the app for long.
      this.#db.prepare(`UPDATE catalogue_imports SET completed_at = NULL WHERE source = ? AND id != ?`).run(source, importId);
      const rows = (this.#db.prepare(`SELECT count(*) AS n FROM catalogue_tracks WHERE import_id = ?`).get(importId) as { n: number }).n;
      this.#db.prepare(`UPDATE catalogue_imports SET completed_at = ?, rows = ? WHERE id = ?`).run(now, rows, importId);
      const library = this.#libraryKeys();
      const link = this.#db.prepare(`UPDATE catalogue_tracks SET song_id = ? WHERE id = ?`);
      const features = this.#db.prepare(`
        INSERT INTO song_features (song_id, source, analysis_version, tempo_bpm, loudness_lufs, key, mode, energy, valence,
          analyzed_at)
        VALUES (@songId, 'csv', 0, @tempo, @loudness, @key, @mode, @energy, @valence, @now)
        ON CONFLICT (song_id) DO UPDATE SET source = 'csv', analysis_version = 0, analyzed_mtime_ms = NULL,
          tempo_bpm = excluded.tempo_bpm, tempo_confidence = NULL, loudness_lufs = excluded.loudness_lufs,
          peak_dbfs = NULL, brightness_hz = NULL, key = excluded.key, mode = excluded.mode, key_strength = NULL,
          onset_rate = NULL, energy = excluded.energy, valence = excluded.valence, arousal = NULL, error = NULL,
          analyzed_at = excluded.analyzed_at`);
      let matched = 0;
      const candidates = this.#db
        .prepare(`SELECT id, match_key AS matchKey, valence, energy, tempo, loudness, key, mode FROM catalogue_tracks WHERE import_id = ?`)
        .iterate(importId) as Iterable<{ id: number; matchKey: string; valence: number | null; energy: number | null; tempo: number | null; loudness: number | null; key: number | null; mode: number | null }>;
      const pending: [number, number, Record<string, unknown> | null][] = [];
      for (const track of candidates) {
        const songId = library.get(track.matchKey);
        if (songId === undefined) continue;
        matched += 1;
        const hasFeatures = track.valence !== null || track.energy !== null || track.tempo !== null;
        pending.push([
          songId,
          track.id,
          hasFeatures
            ? {
                songId,
                tempo: track.tempo,
                loudness: track.loudness,
                key: track.key !== null && track.key >= 0 ? track.key : null,
                mode: track.mode === null ? null : track.mode === 1 ? 'major' : 'minor',
                energy: track.energy,
                valence: track.valence,
                now,
              }
            : null,
        ]);
      }
      for (const [songId, trackId, values] of pending) {
        link.run(songId, trackId);
        if (values) features.run(values);
      }
      return { rows, matched };
    })();
  }

  /** Paper 1's per-emotion song lists: assigns the library songs a list names to the emotion. */
  assignList(rows: readonly CatalogueRow[], emotion: Emotion, now = Date.now()): { matched: number; unmatched: string[] } {
    const library = this.#libraryKeys();
    const insert = this.#db.prepare(
      `INSERT INTO song_emotions (song_id, emotion, source, assigned_at) VALUES (?, ?, 'list', ?)
       ON CONFLICT (song_id, emotion) DO NOTHING`,
    );
    const unmatched: string[] = [];
    let matched = 0;
    this.#db.transaction(() => {
      for (const row of rows) {
        const songId = library.get(row.matchKey);
        if (songId === undefined) {
          unmatched.push(row.artist ? `${row.artist} – ${row.title}` : row.title);
          continue;
        }
        insert.run(songId, emotion, now);
        matched += 1;
      }
    })();
    return { matched, unmatched };
  }

  count(): number {
    return (
      this.#db
        .prepare(`SELECT count(*) AS n FROM catalogue_tracks t JOIN catalogue_imports i ON i.id = t.import_id WHERE i.completed_at IS NOT NULL`)
        .get() as { n: number }
    ).n;
  }

  #libraryKeys(): Map<string, number> {
    const keys = new Map<string, number>();
    for (const song of this.#db.prepare(`SELECT id, title, artist FROM songs ORDER BY id`).iterate() as Iterable<{ id: number; title: string; artist: string | null }>) {
      const key = matchKey(song.artist, song.title);
      if (!keys.has(key)) keys.set(key, song.id);
    }
    return keys;
  }
}
