import type { Database, Statement } from 'better-sqlite3';
import type { Emotion } from '../../shared/emotion.ts';
import { placeBySpotifyFeatures, type MusicEmotionModel } from '../analysis/index.ts';
import type { MoodPoint } from './mood-index.ts';
import { coordinateConfidence } from './mood-space.ts';

/** What a listener did with a song while a mood's playlist played. */
export type FeedbackKind = 'thumb-up' | 'thumb-down' | 'thumb-clear' | 'played' | 'skipped';

export interface SongFeedback {
  likes: number;
  dislikes: number;
  /** The listener's explicit verdict: 1 up, -1 down, 0 none. */
  thumb: -1 | 0 | 1;
}

/** A thumbs-up or -down counts as two plays or skips; played-through and early skips count one each. */
export function netFeedback(f: SongFeedback): number {
  return f.likes - f.dislikes + 2 * f.thumb;
}

/** SQL of the recommender: songs' places in the mood plane (migration 5's columns) and listener feedback. */
export class RecommendRepository {
  readonly #db: Database;
  readonly #points: Statement;
  readonly #count: Statement;
  readonly #placement: MusicEmotionModel | null;

  /**
   * `placement`: the model that puts CSV songs on the music model's scale (analysis/spotify-placement.ts);
   * null places them at their Spotify valence and energy as they are.
   */
  constructor(db: Database, placement: MusicEmotionModel | null = null) {
    this.#db = db;
    this.#placement = placement;
    // Audio songs use the music model's P(positive valence), P(high arousal) and confidence; CSV songs
    // (Spotify-style features) their valence and energy, energy standing in for arousal, placed below.
    this.#points = db.prepare(`
      SELECT f.song_id AS id, f.source AS source, f.valence AS valence, coalesce(f.arousal, f.energy) AS arousal,
        f.mood_confidence AS confidence, lower(trim(s.artist)) AS artist
      FROM song_features f JOIN songs s ON s.id = f.song_id
      WHERE f.error IS NULL AND f.valence IS NOT NULL AND coalesce(f.arousal, f.energy) IS NOT NULL`);
    this.#count = db.prepare(`SELECT count(*) AS n FROM song_features WHERE error IS NULL AND valence IS NOT NULL`);
  }

  /** Every song with a mood point, streamed (a million rows never sit in memory as objects at once). */
  *moodPoints(): Generator<MoodPoint> {
    const rows = this.#points.iterate() as Iterable<{
      id: number;
      source: string;
      valence: number;
      arousal: number;
      confidence: number | null;
      artist: string | null;
    }>;
    for (const row of rows) {
      const artist = row.artist || null;
      if (row.source === 'csv' && this.#placement) {
        const placed = placeBySpotifyFeatures(this.#placement, row.valence, row.arousal);
        yield { id: row.id, valence: placed.valence, arousal: placed.arousal, confidence: placed.confidence, artist };
        continue;
      }
      const valence = Math.max(0, Math.min(1, row.valence));
      const arousal = Math.max(0, Math.min(1, row.arousal));
      yield {
        id: row.id,
        valence,
        arousal,
        // Without the placement model a CSV song's coordinates are point values, not probabilities: its
        // confidence is how far from the axes it sits, read the same way as the model's quadrant probabilities.
        confidence: row.confidence ?? coordinateConfidence(valence, arousal),
        artist,
      };
    }
  }

  moodPointCount(): number {
    return (this.#count.get() as { n: number }).n;
  }

  /** Mode and tempo of songs, for the words of "why this song". */
  songTraits(ids: readonly number[]): Map<number, { mode: 'major' | 'minor' | null; tempoBpm: number | null; source: string }> {
    const out = new Map<number, { mode: 'major' | 'minor' | null; tempoBpm: number | null; source: string }>();
    if (ids.length === 0) return out;
    const rows = this.#db
      .prepare(`SELECT song_id AS id, mode, tempo_bpm AS tempoBpm, source FROM song_features WHERE song_id IN (${ids.map(() => '?').join(',')})`)
      .all(...ids) as { id: number; mode: 'major' | 'minor' | null; tempoBpm: number | null; source: string }[];
    for (const row of rows) out.set(row.id, { mode: row.mode, tempoBpm: row.tempoBpm, source: row.source });
    return out;
  }

  /** The feedback on songs for one emotion. */
  feedbackFor(emotion: Emotion): Map<number, SongFeedback> {
    const rows = this.#db
      .prepare(`SELECT song_id AS id, likes, dislikes, thumb FROM song_feedback WHERE emotion = ?`)
      .all(emotion) as ({ id: number } & SongFeedback)[];
    return new Map(rows.map((r) => [r.id, { likes: r.likes, dislikes: r.dislikes, thumb: r.thumb }]));
  }

  /** Records one piece of feedback; returns the song's feedback for the emotion after it. */
  recordFeedback(songId: number, emotion: Emotion, kind: FeedbackKind, now = Date.now()): SongFeedback {
    const change = {
      likes: kind === 'played' ? 1 : 0,
      dislikes: kind === 'skipped' ? 1 : 0,
      thumb: kind === 'thumb-up' ? 1 : kind === 'thumb-down' ? -1 : kind === 'thumb-clear' ? 0 : null,
    };
    return this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO song_feedback (song_id, emotion, likes, dislikes, thumb, updated_at)
           VALUES (@songId, @emotion, @likes, @dislikes, coalesce(@thumb, 0), @now)
           ON CONFLICT (song_id, emotion) DO UPDATE SET likes = likes + excluded.likes,
             dislikes = dislikes + excluded.dislikes, thumb = coalesce(@thumb, thumb), updated_at = excluded.updated_at`,
        )
        .run({ songId, emotion, ...change, now });
      return this.#db.prepare(`SELECT likes, dislikes, thumb FROM song_feedback WHERE song_id = ? AND emotion = ?`).get(songId, emotion) as SongFeedback;
    })();
  }
}
