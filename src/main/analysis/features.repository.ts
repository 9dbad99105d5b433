import type { Database, Statement } from 'better-sqlite3';
import type { AudioFeatures } from './audio-features.ts';

/** A library song the analyser has still to do: never analysed, changed since, or by an older analyser. */
export interface PendingSong {
  id: number;
  path: string;
  mtimeMs: number;
  durationSec: number | null;
}

/** The songs that need analysing by analyser version `?`. */
const PENDING_FROM = `FROM songs s
  LEFT JOIN song_features f ON f.song_id = s.id
  WHERE f.song_id IS NULL
     OR (f.source = 'audio' AND (f.analysis_version < ? OR f.analyzed_mtime_ms IS NOT s.mtime_ms))`;

/** SQL of the song_features table (migration 2). */
export class FeaturesRepository {
  readonly #db: Database;
  readonly #saveAudio: Statement;
  readonly #saveError: Statement;

  constructor(db: Database) {
    this.#db = db;
    this.#saveAudio = db.prepare(`
      INSERT INTO song_features (song_id, source, analysis_version, analyzed_mtime_ms, tempo_bpm, tempo_confidence,
        loudness_lufs, peak_dbfs, brightness_hz, key, mode, key_strength, onset_rate, energy, valence, arousal, q1, q2, q3, q4,
        mood_confidence, descriptors, error, analyzed_at)
      VALUES (@songId, 'audio', @analysisVersion, @mtimeMs, @tempoBpm, @tempoConfidence, @loudnessLufs, @peakDbfs,
        @brightnessHz, @key, @mode, @keyStrength, @onsetRate, @energy, @valence, @arousal, @q1, @q2, @q3, @q4,
        @moodConfidence, @descriptors, NULL, @now)
      ON CONFLICT (song_id) DO UPDATE SET source = 'audio', analysis_version = excluded.analysis_version,
        analyzed_mtime_ms = excluded.analyzed_mtime_ms, tempo_bpm = excluded.tempo_bpm,
        tempo_confidence = excluded.tempo_confidence, loudness_lufs = excluded.loudness_lufs,
        peak_dbfs = excluded.peak_dbfs, brightness_hz = excluded.brightness_hz, key = excluded.key,
        mode = excluded.mode, key_strength = excluded.key_strength, onset_rate = excluded.onset_rate,
        energy = excluded.energy, valence = excluded.valence, arousal = excluded.arousal, q1 = excluded.q1,
        q2 = excluded.q2, q3 = excluded.q3, q4 = excluded.q4, mood_confidence = excluded.mood_confidence,
        descriptors = excluded.descriptors, error = NULL, analyzed_at = excluded.analyzed_at
      WHERE song_features.source = 'audio'`);
    this.#saveError = db.prepare(`
      INSERT INTO song_features (song_id, source, analysis_version, analyzed_mtime_ms, error, analyzed_at)
      VALUES (?, 'audio', ?, ?, ?, ?)
      ON CONFLICT (song_id) DO UPDATE SET analysis_version = excluded.analysis_version,
        analyzed_mtime_ms = excluded.analyzed_mtime_ms, error = excluded.error, analyzed_at = excluded.analyzed_at
      WHERE song_features.source = 'audio'`);
  }

  /** Songs to analyse with analyser `version`: songs with CSV features are left alone. */
  pending(version: number): PendingSong[] {
    return this.#db
      // A scattered order (ids by a multiplicative hash), not folder by folder: albums tend to keep one mood,
      // so a spread of the library reaches every mood early in a long analysis.
      .prepare(`SELECT s.id, s.path, s.mtime_ms AS mtimeMs, s.duration_sec AS durationSec ${PENDING_FROM} ORDER BY (s.id * 2654435761) % 4294967296, s.id`)
      .all(version) as PendingSong[];
  }

  /** How many songs `pending` would return, counted in SQL (the stats call asks often; a library is large). */
  pendingCount(version: number): number {
    return (this.#db.prepare(`SELECT COUNT(*) AS n ${PENDING_FROM}`).get(version) as { n: number }).n;
  }

  /** The stored mood descriptors of every analysed song (to re-score songs with another model). */
  descriptorsBySong(): Map<number, Float32Array> {
    const rows = this.#db
      .prepare(`SELECT song_id AS id, descriptors FROM song_features WHERE source = 'audio' AND error IS NULL AND descriptors IS NOT NULL`)
      .all() as { id: number; descriptors: Buffer }[];
    return new Map(rows.map((r) => [r.id, new Float32Array(r.descriptors.buffer.slice(r.descriptors.byteOffset, r.descriptors.byteOffset + r.descriptors.byteLength))]));
  }

  /** Stores a batch of results in one transaction. */
  saveResults(
    results: readonly ({ song: PendingSong } & ({ features: AudioFeatures } | { error: string }))[],
    version: number,
    now = Date.now(),
  ): void {
    this.#db.transaction(() => {
      for (const result of results) {
        if ('features' in result) {
          const f = result.features;
          this.#saveAudio.run({
            songId: result.song.id,
            analysisVersion: f.analysisVersion,
            mtimeMs: result.song.mtimeMs,
            tempoBpm: f.tempoBpm,
            tempoConfidence: f.tempoConfidence,
            loudnessLufs: f.loudnessLufs,
            peakDbfs: Number.isFinite(f.peakDbfs) ? f.peakDbfs : null,
            brightnessHz: f.brightnessHz,
            key: f.key,
            mode: f.mode,
            keyStrength: f.keyStrength,
            onsetRate: f.onsetRate,
            energy: f.energy,
            valence: f.valence,
            arousal: f.arousal,
            q1: f.quadrants?.[0] ?? null,
            q2: f.quadrants?.[1] ?? null,
            q3: f.quadrants?.[2] ?? null,
            q4: f.quadrants?.[3] ?? null,
            moodConfidence: f.moodConfidence,
            descriptors: Buffer.from(Float32Array.from(f.descriptors).buffer),
            now,
          });
        } else {
          this.#saveError.run(result.song.id, version, result.song.mtimeMs, result.error, now);
        }
      }
    })();
  }
}
