import type { AudioFeatures } from './audio-features.ts';

/** Messages to an analysis worker: one file at a time. */
export type ToAnalysisWorker = { type: 'analyze'; id: number; path: string };

/** Messages from an analysis worker. */
export type FromAnalysisWorker =
  | { type: 'analyzed'; id: number; features: AudioFeatures; ms: number }
  | { type: 'failed'; id: number; message: string };
