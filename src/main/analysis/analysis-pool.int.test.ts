import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { writeWavSamples } from '../testing/audio-builders.ts';
import { drumPattern } from '../testing/signals.ts';
import { useTempDir } from '../testing/temp-dir.ts';
import { AnalysisPool } from './analysis-pool.ts';
import { BACKGROUND_NICENESS, canLowerThreadPriority } from './thread-priority.ts';

const temp = useTempDir();
const workerUrl = pathToFileURL(join(import.meta.dirname, 'analysis.worker.ts'));
let pool: AnalysisPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('AnalysisPool', () => {
  it('runs calls made in the same turn on different workers and answers each one', async () => {
    // Two threads, five files asked for at once: before the fix the first two calls shared a worker and the
    // first never got its answer.
    const files = [90, 100, 110, 120, 130].map((bpm) => {
      const file = join(temp.path, `${bpm}.wav`);
      writeWavSamples(file, drumPattern(bpm, 4), 22_050);
      return file;
    });
    pool = new AnalysisPool({ workerUrl, size: 2 });
    const results = await Promise.all(files.map((file) => pool?.analyze(file)));
    expect(results).toHaveLength(5);
    for (const features of results) expect(features?.durationSec).toBeGreaterThan(3);
  });

  it('fails a file that cannot be decoded and goes on with the next', async () => {
    const good = join(temp.path, 'good.wav');
    writeWavSamples(good, drumPattern(120, 4), 22_050);
    pool = new AnalysisPool({ workerUrl, size: 1 });
    const [bad, fine] = await Promise.allSettled([pool.analyze(join(temp.path, 'missing.wav')), pool.analyze(good)]);
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: 'the file is missing' } });
    expect(fine.status).toBe('fulfilled');
  });

  it.runIf(canLowerThreadPriority())('runs its threads at background priority, the rest of the process untouched', async () => {
    const file = join(temp.path, 'one.wav');
    writeWavSamples(file, drumPattern(100, 2), 22_050);
    pool = new AnalysisPool({ workerUrl, size: 1 });
    await pool.analyze(file);
    expect(pool.niceness).toEqual([BACKGROUND_NICENESS]);
    // The main thread (the camera's and the server's) keeps its priority: the nice value is per thread.
    const { getPriority } = await import('node:os');
    expect(getPriority()).toBeLessThan(BACKGROUND_NICENESS);
  });

  it("stops a file over its time budget and says why; the next pool's worker analyses as before", async () => {
    // Issue 14, item 1: a per-file budget, so no file can hold a thread (or the memory) for ever.
    const long = join(temp.path, 'long.wav');
    writeWavSamples(long, drumPattern(120, 60), 22_050);
    const short = join(temp.path, 'short.wav');
    writeWavSamples(short, drumPattern(120, 2), 22_050);
    pool = new AnalysisPool({ workerUrl, size: 1, budget: { seconds: 0.02, heapMb: 1024 } });
    await expect(pool.analyze(long)).rejects.toMatchObject({ code: 'invalid-input', message: 'it took longer than 0.02 s to analyse' });
    await pool.close();
    pool = new AnalysisPool({ workerUrl, size: 1 });
    expect((await pool.analyze(short)).durationSec).toBeGreaterThan(1);
  });
});
