import { mkdirSync, symlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeWavSamples } from '../testing/audio-builders.ts';
import { hasShared, sharedPath } from '../testing/shared-data.ts';
import { createTestServices, importThroughJobs } from '../testing/services.ts';
import { drumPattern } from '../testing/signals.ts';
import { useTempDir } from '../testing/temp-dir.ts';

const temp = useTempDir();

async function runAnalysis(services: ReturnType<typeof createTestServices>) {
  const { jobId } = services.startAnalysis();
  expect(services.startAnalysis().jobId).toBe(jobId);
  const finished = new Promise<{ status: string; summary: unknown }>((resolve) =>
    services.events.on((event, payload) => {
      if (event === 'job.finished' && (payload as { jobId: string }).jobId === jobId) resolve(payload as never);
    }),
  );
  return finished;
}

describe('AnalysisService (worker pool, real SQLite)', () => {
  it('analyses new songs in worker threads, records failures, and only re-analyses changed files', async () => {
    const dir = join(temp.path, 'music');
    mkdirSync(dir);
    writeWavSamples(join(dir, 'fast.wav'), drumPattern(140, 8), 22_050, { title: 'Fast' });
    writeWavSamples(join(dir, 'slow.wav'), drumPattern(90, 8).map((v) => v / 3), 22_050, { title: 'Slow' });
    const services = createTestServices(join(temp.path, 'data'));
    await importThroughJobs(services, dir);
    expect(services.analysis.pendingCount()).toBe(2);

    const first = await runAnalysis(services);
    expect(first).toMatchObject({ status: 'done', summary: { analyzed: 2, failed: 0, remaining: 0 } });
    const songs = services.repository.listSongs({ query: '', limit: 10, offset: 0, sort: 'tempo', descending: true }).songs;
    expect(songs.map((s) => s.title)).toEqual(['Fast', 'Slow']);
    expect(songs[0]?.features?.tempoBpm).toBeGreaterThan(130);
    expect(songs[0]?.features?.loudnessLufs).toBeGreaterThan(songs[1]?.features?.loudnessLufs ?? 0);
    expect(songs[0]?.features?.source).toBe('audio');
    expect(services.repository.stats()).toEqual({ total: 2, analyzed: 2, analysisFailed: 0 });
    expect(services.analysis.pendingCount()).toBe(0);

    // A changed file is analysed again; the other is not.
    utimesSync(join(dir, 'slow.wav'), new Date(), new Date(Date.now() + 10_000));
    await importThroughJobs(services, dir);
    expect(services.analysis.pendingCount()).toBe(1);
    expect(await runAnalysis(services)).toMatchObject({ summary: { analyzed: 1 } });
    await services.close();
  });

  it('stores why a song could not be analysed and does not retry it until the file changes', async () => {
    const dir = join(temp.path, 'music');
    mkdirSync(dir);
    // Valid WAV headers (tags read fine) around data the decoder refuses: 12-bit samples.
    writeWavSamples(join(dir, 'ok.wav'), drumPattern(120, 4), 22_050, { title: 'Ok' });
    const { writeFileSync, readFileSync } = await import('node:fs');
    const odd = readFileSync(join(dir, 'ok.wav'));
    odd.writeUInt16LE(12, 34); // bits per sample
    writeFileSync(join(dir, 'odd.wav'), odd);
    const services = createTestServices(join(temp.path, 'data'));
    await importThroughJobs(services, dir);
    const result = await runAnalysis(services);
    expect(result).toMatchObject({ summary: { analyzed: 1, failed: 1 } });
    const odd12 = services.repository.listSongs({ query: '', limit: 5, offset: 0 }).songs.find((s) => s.path.endsWith('odd.wav'));
    expect(odd12?.features).toBeNull();
    expect(odd12?.analysisError).toMatch(/unsupported WAV encoding/);
    expect(services.repository.stats().analysisFailed).toBe(1);
    expect(services.analysis.pendingCount()).toBe(0);
    await services.close();
  });

  it.skipIf(!hasShared('data', 'music'))(
    'analyses an M4A song through the app window\'s decoder, and leaves it for later while no window is open',
    async () => {
      const dir = join(temp.path, 'music');
      mkdirSync(dir);
      symlinkSync(sharedPath('data', 'music', 'singularity-music', 'Awakening.m4a'), join(dir, 'Awakening.m4a'));
      const services = createTestServices(join(temp.path, 'data'));
      await importThroughJobs(services, dir);
      expect(await runAnalysis(services)).toMatchObject({ status: 'done', summary: { analyzed: 0, failed: 0, waitingForWindow: 1 } });
      expect(services.analysis.pendingCount()).toBe(1);

      // A window opens: it answers each request with PCM (here a drum pattern in place of the decoded song).
      const closeWindow = services.windowOpened();
      const requests: { windows: [number, number][] | null }[] = [];
      services.events.on((event, payload) => {
        if (event !== 'analysis.decodeRequested') return;
        const request = payload as { requestId: string; windows: [number, number][] | null; rate: number };
        requests.push(request);
        const windows = request.windows ?? [[0, 30]];
        void (async () => {
          for (const [excerpt, [from, to]] of windows.entries()) {
            const samples = drumPattern(120, to - from, request.rate);
            const bytes = Buffer.alloc(samples.length * 2);
            samples.forEach((v, i) => bytes.writeInt16LE(Math.round(Math.max(-1, Math.min(1, v)) * 32767), 2 * i));
            await Promise.resolve();
            services.windowDecoder.receive({
              requestId: request.requestId, excerpt, index: 0, last: true, final: excerpt === windows.length - 1, channels: 1, pcm: bytes.toString('base64'),
            });
          }
        })();
      });
      expect(await runAnalysis(services)).toMatchObject({ status: 'done', summary: { analyzed: 1, waitingForWindow: 0 } });
      // The song is 208 s long (its tags): three 10 s excerpts were asked for.
      expect(requests[0]?.windows).toHaveLength(3);
      const song = services.repository.listSongs({ query: '', limit: 5, offset: 0 }).songs[0];
      expect(song?.features).toMatchObject({ source: 'audio' });
      expect(song?.features?.tempoBpm).toBeCloseTo(120, -1);
      expect(services.analysis.pendingCount()).toBe(0);
      closeWindow();
      await services.close();
    },
  );
});
