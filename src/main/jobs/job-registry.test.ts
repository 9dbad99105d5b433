import { describe, expect, it } from 'vitest';
import type { ImportSummary, JobFinished, JobProgress } from '../../shared/api/index.ts';
import { JobCancelledError, JobRegistry } from './job-registry.ts';

const summary = (found: number): ImportSummary => ({
  folder: '/music',
  found,
  added: found,
  updated: 0,
  unchanged: 0,
  failed: 0,
  errors: [],
  durationMs: 1,
});

function registry(): { jobs: JobRegistry; progress: JobProgress[]; finished: Promise<JobFinished> } {
  const progress: JobProgress[] = [];
  let resolve: (f: JobFinished) => void = () => {};
  const finished = new Promise<JobFinished>((r) => (resolve = r));
  const jobs = new JobRegistry({ onProgressed: (p) => progress.push(p), onFinished: (f) => resolve(f), progressPerSecond: 1000 });
  return { jobs, progress, finished };
}

describe('JobRegistry', () => {
  it('reports progress and a done summary', async () => {
    const { jobs, progress, finished } = registry();
    const { jobId } = jobs.start('library.import', async (job) => {
      job.onProgress({ phase: 'reading tags', done: 1, total: 2, current: 'a.mp3' });
      return summary(2);
    });
    const result = await finished;
    expect(result).toMatchObject({ jobId, status: 'done', summary: { found: 2 }, error: null });
    expect(progress[0]).toMatchObject({ jobId, phase: 'reading tags', done: 1, total: 2, current: 'a.mp3' });
    expect(jobs.isRunning('library.import')).toBe(false);
  });

  it('cancels through the signal and keeps the partial summary', async () => {
    const { jobs, finished } = registry();
    const { jobId } = jobs.start('library.import', async (job) => {
      await new Promise<void>((resolve) => job.signal.addEventListener('abort', () => resolve()));
      throw new JobCancelledError(summary(1));
    });
    expect(jobs.isRunning('library.import')).toBe(true);
    expect(jobs.cancel(jobId)).toBe(true);
    expect(jobs.cancel('no-such-job')).toBe(false);
    expect(await finished).toMatchObject({ status: 'cancelled', summary: { found: 1 }, error: null });
  });

  it('reports a failure with its error code', async () => {
    const { jobs, finished } = registry();
    jobs.start('library.import', async () => {
      throw new Error('disk on fire');
    });
    expect(await finished).toMatchObject({ status: 'failed', summary: null, error: { code: 'internal', message: 'disk on fire' } });
  });

  it('survives a listener that throws when a job ends (no unhandled rejection) and runs the next job', async () => {
    // Issue 14, item 3: a damaged database made the follow-up of an import throw, and the rejection stopped the server.
    let calls = 0;
    const jobs = new JobRegistry({
      onProgressed: () => {},
      onFinished: () => {
        calls += 1;
        throw new Error('database disk image is malformed');
      },
    });
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown): void => void rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      jobs.start('library.import', async () => summary(1));
      await new Promise((r) => setTimeout(r, 20));
      jobs.start('library.import', async () => summary(2));
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(calls).toBe(2);
    expect(rejections).toEqual([]);
  });
});
