import type { AudioFeatures } from './audio-features.ts';
import type { MusicEmotionModel } from './music-emotion-model.ts';

/** Given to each worker at start: the music-emotion model (validated again there), or none. */
export interface AnalysisWorkerData {
  model: MusicEmotionModel | null;
  /** Run at background priority (default true): see thread-priority.ts. */
  background?: boolean;
}

/** Messages to an analysis worker: one file at a time. */
export type ToAnalysisWorker =
  | {
      type: 'analyze';
      id: number;
      path: string;
      /** The track's length from its tags: over a minute, only its three excerpts are decoded. */
      durationSec: number | null;
    }
  | {
      /** Audio the app window decoded (M4A): per excerpt, per channel, at `rate`. */
      type: 'analyzeDecoded';
      id: number;
      excerpts: Float32Array[][];
      rate: number;
      durationSec: number | null;
    };

/** Messages from an analysis worker. */
export type FromAnalysisWorker =
  /** Sent once at start: the thread's nice value, or null where it could not be lowered. */
  | { type: 'started'; niceness: number | null }
  | { type: 'analyzed'; id: number; features: AudioFeatures; ms: number }
  | { type: 'failed'; id: number; message: string; needsWindowDecoder?: boolean };
