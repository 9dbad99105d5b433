import type { AnalysisSummary, ImportError } from '../../shared/api/index.ts';
import { JobCancelledError, type JobContext } from '../jobs/index.ts';
import type { AnalysisPool } from './analysis-pool.ts';
import { ANALYSIS_VERSION, type AudioFeatures } from './audio-features.ts';
import { NeedsWindowDecoderError } from './decode-audio.ts';
import type { FeaturesRepository, PendingSong } from './features.repository.ts';
import type { PlatformDecoder } from './platform-decoding.service.ts';

export interface AnalysisServiceDeps {
  repository: FeaturesRepository;
  pool: AnalysisPool;
  /** Results written per transaction. */
  batchSize?: number;
  /** Called after each batch is written (the recommender picks the new moods up without waiting for the end). */
  onSaved?: () => void;
  /** The app window's decoder, for M4A songs; without one they wait for a later run. */
  windowDecoder?: PlatformDecoder;
}

/**
 * Analyses the songs that need it through the worker pool (as many files in flight as the pool has
 * threads), writes results in batches, and records each failure with its reason. Cancelled, it finishes the
 * files in flight and keeps every result; the next run takes up the rest.
 */
export class AnalysisService {
  readonly #repository: FeaturesRepository;
  readonly #pool: AnalysisPool;
  readonly #batchSize: number;
  readonly #onSaved: () => void;
  readonly #windowDecoder: PlatformDecoder | null;

  constructor(deps: AnalysisServiceDeps) {
    this.#windowDecoder = deps.windowDecoder ?? null;
    this.#onSaved = deps.onSaved ?? (() => {});
    this.#repository = deps.repository;
    this.#pool = deps.pool;
    this.#batchSize = deps.batchSize ?? 20;
  }

  pendingCount(): number {
    return this.#repository.pendingCount(ANALYSIS_VERSION);
  }

  /** One song through the worker pool; an M4A song is decoded by the app window first, when one is open. */
  async #analyze(song: PendingSong): Promise<AudioFeatures> {
    try {
      return await this.#pool.analyze(song.path, song.durationSec);
    } catch (error) {
      if (!(error instanceof NeedsWindowDecoderError) || !this.#windowDecoder?.available()) throw error;
      // A window that closes or stalls meanwhile rejects with NeedsWindowDecoderError too: the song waits.
      const audio = await this.#windowDecoder.decode(song.id, song.durationSec);
      return this.#pool.analyzeDecoded(audio.excerpts, audio.rate, song.durationSec);
    }
  }

  async analyzeLibrary(job: JobContext): Promise<AnalysisSummary> {
    const started = Date.now();
    const pending = this.#repository.pending(ANALYSIS_VERSION);
    const summary: AnalysisSummary = { analyzed: 0, failed: 0, remaining: pending.length, waitingForWindow: 0, errors: [], audioSeconds: 0, durationMs: 0 };
    let batch: Parameters<FeaturesRepository['saveResults']>[0][number][] = [];
    const flush = (): void => {
      if (batch.length === 0) return;
      this.#repository.saveResults(batch, ANALYSIS_VERSION);
      batch = [];
      this.#onSaved();
    };
    let next = 0;
    let done = 0;
    const record = (song: PendingSong, outcome: { features: AudioFeatures } | { error: string }): void => {
      batch.push({ song, ...outcome });
      if ('features' in outcome) {
        summary.analyzed += 1;
        summary.audioSeconds += outcome.features.durationSec;
      } else {
        summary.failed += 1;
        const error: ImportError = { path: song.path, message: outcome.error };
        summary.errors.push(error);
      }
      summary.remaining -= 1;
      done += 1;
      job.onProgress({ phase: 'analysing audio', done, total: pending.length, current: song.path });
      if (batch.length >= this.#batchSize) flush();
    };
    const lane = async (): Promise<void> => {
      while (next < pending.length && !job.signal.aborted) {
        const song = pending[next++] as PendingSong;
        try {
          record(song, { features: await this.#analyze(song) });
        } catch (error) {
          if (error instanceof NeedsWindowDecoderError) {
            // No window to decode it: the song stays pending, for a run while the app is open.
            summary.waitingForWindow += 1;
            done += 1;
            job.onProgress({ phase: 'analysing audio', done, total: pending.length, current: song.path });
          } else record(song, { error: (error as Error).message });
        }
      }
    };
    job.onProgress({ phase: 'analysing audio', done: 0, total: pending.length, current: null });
    await Promise.all(Array.from({ length: this.#pool.size }, lane));
    flush();
    summary.durationMs = Date.now() - started;
    if (job.signal.aborted) throw new JobCancelledError(summary);
    return summary;
  }
}
