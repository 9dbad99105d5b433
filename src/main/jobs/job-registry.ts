import { randomUUID } from 'node:crypto';
import type {
  AnalysisSummary,
  CsvImportSummary,
  ImportSummary,
  JobFinished,
  JobKind,
  JobProgress,
  JobRef,
} from '../../shared/api/index.ts';

export type JobSummary = ImportSummary | AnalysisSummary | CsvImportSummary;
import { EmotuneError, toErrorPayload } from '../../shared/errors.ts';
import { createThrottle } from './throttle.ts';

/** What a long-running function receives: a cancellation signal and a progress sink. */
export interface JobContext {
  signal: AbortSignal;
  onProgress(progress: { phase: string; done: number; total: number | null; current?: string | null }): void;
}

export interface JobRegistryDeps {
  onProgressed(progress: JobProgress): void;
  onFinished(finished: JobFinished): void;
  /** Progress events per second at most, per job. */
  progressPerSecond?: number;
}

interface RunningJob {
  kind: JobKind;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Owns the running jobs: starts them, throttles their progress into events, cancels them on request
 * (signals cannot cross IPC, job ids can), and reports how each one ended.
 */
export class JobRegistry {
  readonly #deps: JobRegistryDeps;
  readonly #jobs = new Map<string, RunningJob>();

  constructor(deps: JobRegistryDeps) {
    this.#deps = deps;
  }

  start(kind: JobKind, run: (job: JobContext) => Promise<JobSummary>): JobRef {
    const jobId = randomUUID();
    const startedAt = Date.now();
    const controller = new AbortController();
    const throttle = createThrottle<JobProgress>(1000 / (this.#deps.progressPerSecond ?? 10), (p) =>
      this.#deps.onProgressed(p),
    );
    const context: JobContext = {
      signal: controller.signal,
      onProgress: ({ phase, done, total, current }) =>
        throttle.push({ jobId, kind, phase, done, total, current: current ?? null, startedAt }),
    };
    const done = (async () => {
      let finished: JobFinished;
      try {
        const summary = await run(context);
        finished = { jobId, kind, status: 'done', summary, error: null };
      } catch (error) {
        const cancelled = controller.signal.aborted;
        finished = {
          jobId,
          kind,
          status: cancelled ? 'cancelled' : 'failed',
          summary: error instanceof JobCancelledError ? error.partial : null,
          error: cancelled ? null : toErrorPayload(error),
        };
      } finally {
        throttle.flush();
        this.#jobs.delete(jobId);
      }
      try {
        this.#deps.onFinished(finished);
      } catch {
        // What follows a job is the listener's to report; it never becomes an unhandled rejection.
      }
    })();
    this.#jobs.set(jobId, { kind, controller, done });
    return { jobId };
  }

  cancel(jobId: string): boolean {
    const job = this.#jobs.get(jobId);
    if (!job) return false;
    job.controller.abort(new EmotuneError('job-cancelled', 'cancelled by the user'));
    return true;
  }

  isRunning(kind: JobKind): boolean {
    return this.running(kind) !== null;
  }

  /** The job of this kind that is running, if any. */
  running(kind: JobKind): JobRef | null {
    for (const [jobId, job] of this.#jobs) if (job.kind === kind) return { jobId };
    return null;
  }

  /** Resolves when the job has finished (at once for an unknown id). */
  async finished(jobId: string): Promise<void> {
    await this.#jobs.get(jobId)?.done;
  }

  /** Cancels every job and waits until each has stopped (app shutdown). */
  async cancelAll(): Promise<void> {
    const jobs = [...this.#jobs.entries()];
    for (const [id] of jobs) this.cancel(id);
    await Promise.all(jobs.map(([, job]) => job.done));
  }
}

/** Thrown by a job that stopped on cancellation, carrying what it had finished. */
export class JobCancelledError extends EmotuneError {
  readonly partial: JobSummary | null;

  constructor(partial: JobSummary | null) {
    super('job-cancelled', 'cancelled');
    this.partial = partial;
  }
}
