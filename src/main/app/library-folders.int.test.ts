import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportSummary, JobFinished } from '../../shared/api/index.ts';
import { DEFAULT_SETTINGS } from '../../shared/settings.ts';
import { writeWav } from '../testing/audio-builders.ts';
import { createTestServices } from '../testing/services.ts';
import { useTempDir } from '../testing/temp-dir.ts';
import { dispatch } from './dispatch.ts';
import { createHandlers } from './handlers.ts';

const temp = useTempDir();

function finishedOf(services: ReturnType<typeof createTestServices>, jobId: string): Promise<JobFinished> {
  return new Promise((resolve) =>
    services.events.on((event, payload) => {
      if (event === 'job.finished' && (payload as JobFinished).jobId === jobId) resolve(payload as JobFinished);
    }),
  );
}

describe('library folders: several roots, rescan, removal', () => {
  it('keeps each imported folder, rescans them all as one job, and forgets one on request', async () => {
    const a = join(temp.path, 'A');
    const b = join(temp.path, 'B');
    mkdirSync(a);
    mkdirSync(b);
    writeWav(join(a, '1.wav'), { seconds: 0.1 });
    writeWav(join(b, '2.wav'), { seconds: 0.1 });
    writeWav(join(b, '3.wav'), { seconds: 0.1 });
    const services = createTestServices(join(temp.path, 'data'));
    const api = createHandlers(services);
    for (const folder of [a, b]) {
      const { jobId } = await api['library.importFolder']({ folder });
      await finishedOf(services, jobId);
    }
    expect((await api['library.listFolders']({})).folders.map((f) => [f.path, f.songs])).toEqual([
      [a, 1],
      [b, 2],
    ]);

    writeWav(join(a, 'new.wav'), { seconds: 0.1 });
    rmSync(join(b, '3.wav'));
    const rescan = await api['library.rescan']({});
    await expect(api['library.rescan']({})).rejects.toThrow(/already running/);
    const result = await finishedOf(services, rescan.jobId);
    expect(result.summary).toMatchObject({ folder: '2 folders', found: 3, added: 1, unchanged: 2 } satisfies Partial<ImportSummary>);
    expect(services.repository.count()).toBe(3);

    // A folder inside another library folder: forgetting it keeps the songs the outer one holds.
    const inner = join(a, 'Inner');
    mkdirSync(inner);
    writeWav(join(inner, 'x.wav'), { seconds: 0.1 });
    await finishedOf(services, (await api['library.importFolder']({ folder: inner })).jobId);
    expect(await api['library.removeFolder']({ folder: inner })).toEqual({ removedSongs: 0 });
    expect(services.repository.count()).toBe(4);
    rmSync(inner, { recursive: true });
    await finishedOf(services, (await api['library.rescan']({})).jobId);
    expect(services.repository.count()).toBe(3);

    // The playlist (the whole library, for a mood no song is assigned to) loses the removed folder's song.
    expect(services.playlist.follow('happy', 'override')?.songs).toHaveLength(3);
    expect(await api['library.removeFolder']({ folder: b })).toEqual({ removedSongs: 1 });
    expect((await api['library.listFolders']({})).folders.map((f) => f.path)).toEqual([a]);
    expect(services.repository.count()).toBe(2);
    expect(services.playlist.current?.songs.map((s) => s.path).sort()).toEqual([join(a, '1.wav'), join(a, 'new.wav')]);
    await services.close();
  });

  it('imports what changes in a watched folder by itself, and stops when watching is turned off', async () => {
    const folder = join(temp.path, 'Watched');
    mkdirSync(folder);
    writeWav(join(folder, '1.wav'), { seconds: 0.1 });
    const services = createTestServices(join(temp.path, 'data'), { watch: true });
    const api = createHandlers(services);
    await finishedOf(services, (await api['library.importFolder']({ folder })).jobId);
    const auto = new Promise<JobFinished>((resolve) =>
      services.events.on((event, payload) => event === 'job.finished' && resolve(payload as JobFinished)),
    );
    writeWav(join(folder, '2.wav'), { seconds: 0.1 });
    expect((await auto).summary).toMatchObject({ folder, added: 1 });
    expect(services.repository.count()).toBe(2);
    expect(await api['library.setWatching']({ enabled: false })).toEqual({ watching: false });
    expect((await api['library.listFolders']({})).watching).toBe(false);
    await services.close();
  }, 20_000);

  it('reads and changes settings through the contract, refusing an unknown model', async () => {
    const services = createTestServices(join(temp.path, 'data'));
    const api = createHandlers(services);
    const { models, current } = await api['emotion.listModels']({});
    // The default model ships, with the others selectable.
    expect(current).toBe(DEFAULT_SETTINGS.emotionModel);
    expect(models.map((m) => m.name)).toEqual(expect.arrayContaining([DEFAULT_SETTINGS.emotionModel, 'mini-xception', 'paper-cnn']));
    // Each with its PublicTest figures (metrics.json), which the settings panel shows.
    for (const model of models) {
      expect(model.measured, model.name).toMatchObject({ count: 3589, backend: 'wasm', msPerFace: expect.any(Number) });
      expect(model.measured?.confusion.flat().reduce((a, b) => a + b, 0)).toBe(3589);
    }
    await expect(api['settings.update']({ emotionModel: 'no-such-model' })).rejects.toThrow(/no emotion model named/);
    const updated = await api['settings.update']({ playlistSize: 3, smoothing: { uncertainBelow: 0.3 } });
    expect(updated).toMatchObject({ playlistSize: 3, smoothing: { uncertainBelow: 0.3, holdSec: 1.5 } });
    expect((await api['settings.get']({})).playlistSize).toBe(3);
    // Through the transports' entry (the input parsed by the contract's schema), a patch changes only what it names.
    await dispatch(api, 'settings.update', { previewFps: 2 });
    await dispatch(api, 'settings.update', { smoothing: { holdSec: 2 } });
    expect(await api['settings.get']({})).toMatchObject({ previewFps: 2, playlistSize: 3, smoothing: { uncertainBelow: 0.3, holdSec: 2 } });
    await services.close();
  });

  it('keeps a model folder given on the command line when the settings panel saves it unchanged', async () => {
    const folder = join(temp.path, 'my-model');
    const services = createTestServices(join(temp.path, 'data'), { settingsOverrides: { emotionModel: folder } });
    const api = createHandlers(services);
    expect((await api['emotion.listModels']({})).current).toBe(folder);
    expect(await dispatch(api, 'settings.update', { emotionModel: folder, playlistSize: 4 })).toMatchObject({ emotionModel: folder, playlistSize: 4 });
    // Another folder is still refused: the UI chooses among the shipped models.
    await expect(api['settings.update']({ emotionModel: join(temp.path, 'other') })).rejects.toThrow(/no emotion model named/);
    await services.close();
  });

  it('in a rescan, reports a folder that has gone and keeps its songs', async () => {
    const a = join(temp.path, 'A');
    const gone = join(temp.path, 'Gone');
    mkdirSync(a);
    mkdirSync(gone);
    writeWav(join(a, '1.wav'), { seconds: 0.1 });
    writeWav(join(gone, '2.wav'), { seconds: 0.1 });
    const services = createTestServices(join(temp.path, 'data'));
    const api = createHandlers(services);
    for (const folder of [a, gone]) await finishedOf(services, (await api['library.importFolder']({ folder })).jobId);
    rmSync(gone, { recursive: true });
    const result = await finishedOf(services, (await api['library.rescan']({})).jobId);
    expect(result).toMatchObject({ status: 'done', summary: { failed: 1, errors: [{ path: gone }] } });
    expect(services.repository.count()).toBe(2);
    await services.close();
  });
});
