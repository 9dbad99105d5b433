import type { Database } from 'better-sqlite3';
import { naturalKey } from '../natural-sort.ts';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

/**
 * The schema's history, oldest first. Shipped migrations are frozen: change the schema by appending one.
 * `PRAGMA user_version` records the last one applied.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'songs, emotion assignments, import errors, folders',
    up(db) {
      db.exec(`
        CREATE TABLE songs (
          id INTEGER PRIMARY KEY,
          path TEXT NOT NULL UNIQUE,
          size_bytes INTEGER NOT NULL,
          mtime_ms INTEGER NOT NULL,
          title TEXT NOT NULL,
          artist TEXT,
          album TEXT,
          genre TEXT,
          mood_tag TEXT,
          duration_sec REAL,
          container TEXT,
          codec TEXT,
          added_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE INDEX songs_genre ON songs (genre);
        CREATE INDEX songs_artist_title ON songs (artist, title);

        CREATE TABLE song_emotions (
          song_id INTEGER NOT NULL REFERENCES songs (id) ON DELETE CASCADE,
          emotion TEXT NOT NULL CHECK (emotion IN ('angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral')),
          source TEXT NOT NULL DEFAULT 'user',
          assigned_at INTEGER NOT NULL,
          PRIMARY KEY (song_id, emotion)
        );
        CREATE INDEX song_emotions_emotion ON song_emotions (emotion);

        CREATE TABLE import_errors (
          path TEXT PRIMARY KEY,
          message TEXT NOT NULL,
          at INTEGER NOT NULL
        );

        CREATE TABLE library_folders (
          path TEXT PRIMARY KEY,
          added_at INTEGER NOT NULL,
          last_scan_at INTEGER
        );
      `);
    },
  },
  {
    version: 2,
    name: 'song features (audio analysis or CSV)',
    up(db) {
      db.exec(`
        CREATE TABLE song_features (
          song_id INTEGER PRIMARY KEY REFERENCES songs (id) ON DELETE CASCADE,
          source TEXT NOT NULL CHECK (source IN ('audio', 'csv')),
          analysis_version INTEGER NOT NULL,
          analyzed_mtime_ms INTEGER,
          tempo_bpm REAL,
          tempo_confidence REAL,
          loudness_lufs REAL,
          peak_dbfs REAL,
          brightness_hz REAL,
          key INTEGER,
          mode TEXT CHECK (mode IN ('major', 'minor')),
          key_strength REAL,
          onset_rate REAL,
          energy REAL,
          valence REAL,
          arousal REAL,
          error TEXT,
          analyzed_at INTEGER NOT NULL
        );
      `);
    },
  },
  {
    version: 3,
    name: 'catalogue of tracks from feature tables (CSV), and where song emotions come from',
    up(db) {
      db.exec(`
        CREATE TABLE catalogue_imports (
          id TEXT PRIMARY KEY,
          source TEXT NOT NULL,
          file TEXT NOT NULL,
          started_at INTEGER NOT NULL,
          completed_at INTEGER,
          rows INTEGER
        );
        CREATE TABLE catalogue_tracks (
          id INTEGER PRIMARY KEY,
          import_id TEXT NOT NULL REFERENCES catalogue_imports (id) ON DELETE CASCADE,
          external_id TEXT NOT NULL,
          title TEXT NOT NULL,
          artist TEXT,
          album TEXT,
          genre TEXT,
          mood TEXT,
          match_key TEXT NOT NULL,
          valence REAL,
          energy REAL,
          tempo REAL,
          loudness REAL,
          danceability REAL,
          acousticness REAL,
          mode INTEGER,
          key INTEGER,
          duration_ms INTEGER,
          song_id INTEGER REFERENCES songs (id) ON DELETE SET NULL,
          UNIQUE (import_id, external_id)
        );
        CREATE INDEX catalogue_tracks_match ON catalogue_tracks (match_key);
        CREATE INDEX catalogue_tracks_import ON catalogue_tracks (import_id);
      `);
    },
  },
  {
    version: 4,
    name: 'cover art: the cached image of each song',
    up(db) {
      db.exec(`ALTER TABLE songs ADD COLUMN cover TEXT`);
    },
  },
  {
    version: 5,
    name: 'music-emotion model output per song, and listener feedback per song and emotion',
    up(db) {
      db.exec(`
        ALTER TABLE song_features ADD COLUMN q1 REAL;
        ALTER TABLE song_features ADD COLUMN q2 REAL;
        ALTER TABLE song_features ADD COLUMN q3 REAL;
        ALTER TABLE song_features ADD COLUMN q4 REAL;
        ALTER TABLE song_features ADD COLUMN mood_confidence REAL;
        ALTER TABLE song_features ADD COLUMN descriptors BLOB;
        CREATE TABLE song_feedback (
          song_id INTEGER NOT NULL REFERENCES songs (id) ON DELETE CASCADE,
          emotion TEXT NOT NULL,
          likes INTEGER NOT NULL DEFAULT 0,
          dislikes INTEGER NOT NULL DEFAULT 0,
          thumb INTEGER NOT NULL DEFAULT 0 CHECK (thumb IN (-1, 0, 1)),
          updated_at INTEGER NOT NULL,
          PRIMARY KEY (song_id, emotion)
        );
      `);
    },
  },
  {
    version: 6,
    name: 'year of each song, and natural sort keys for title, artist and album',
    up(db) {
      db.exec(`
        ALTER TABLE songs ADD COLUMN year INTEGER;
        ALTER TABLE songs ADD COLUMN title_key TEXT;
        ALTER TABLE songs ADD COLUMN artist_key TEXT;
        ALTER TABLE songs ADD COLUMN album_key TEXT;
      `);
      const rows = db.prepare(`SELECT id, title, artist, album FROM songs`).all() as { id: number; title: string; artist: string | null; album: string | null }[];
      const set = db.prepare(`UPDATE songs SET title_key = ?, artist_key = ?, album_key = ? WHERE id = ?`);
      for (const r of rows) set.run(naturalKey(r.title), naturalKey(r.artist), naturalKey(r.album), r.id);
      // The year is a tag not read before: the next scan reads each file's tags again (nothing else changes).
      db.exec(`UPDATE songs SET mtime_ms = -1`);
    },
  },
  {
    version: 7,
    name: 'saved playlists: a name and its songs in order',
    up(db) {
      db.exec(`
        CREATE TABLE saved_playlists (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE COLLATE NOCASE,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE TABLE saved_playlist_songs (
          playlist_id INTEGER NOT NULL REFERENCES saved_playlists (id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          song_id INTEGER NOT NULL REFERENCES songs (id) ON DELETE CASCADE,
          PRIMARY KEY (playlist_id, position)
        );
        CREATE INDEX saved_playlist_songs_song ON saved_playlist_songs (song_id);
      `);
    },
  },
];
