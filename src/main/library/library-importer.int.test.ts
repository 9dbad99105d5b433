import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../shared/api/index.ts';
import { JobCancelledError, type JobContext } from '../jobs/index.ts';
import { TINY_PNG, writeCorruptAudio, writeMp3, writeWav } from '../testing/audio-builders.ts';
import { hasShared, sharedPath, skipMessage } from '../testing/shared-data.ts';
import { useTempDir } from '../testing/temp-dir.ts';
import { openDatabase } from './db/open-database.ts';
import { LibraryImporter } from './library-importer.ts';
import { LibraryRepository } from './library.repository.ts';

const temp = useTempDir();

function setup(): { repository: LibraryRepository; importer: LibraryImporter; close(): void } {
  const db = openDatabase(join(temp.path, 'library.sqlite'));
  const repository = new LibraryRepository(db);
  const workerUrl = pathToFileURL(join(import.meta.dirname, 'scan.worker.ts'));
  return { repository, importer: new LibraryImporter({ repository, workerUrl, batchSize: 3 }), close: () => db.close() };
}

function job(signal = new AbortController().signal): JobContext & { events: { done: number; current?: string | null }[] } {
  const events: { done: number; current?: string | null }[] = [];
  return { signal, events, onProgress: (p) => events.push(p) };
}

function makeMusicFolder(root: string): string {
  const music = join(root, 'music');
  mkdirSync(join(music, 'Happy Stuff'), { recursive: true });
  mkdirSync(join(music, 'sad'), { recursive: true });
  writeWav(join(music, 'Happy Stuff', 'sunny.wav'), { seconds: 1, frequencyHz: 440, tags: { title: 'Sunny', artist: 'The Testers', genre: 'Pop' } });
  writeWav(join(music, 'sad', 'rain.wav'), { seconds: 2, frequencyHz: 220, tags: { title: 'Rain', artist: 'Grey Skies', genre: 'Blues' } });
  writeWav(join(music, 'untagged.wav'), { seconds: 1 });
  writeCorruptAudio(join(music, 'broken.wav'));
  symlinkSync(join(music, 'missing-target.ogg'), join(music, 'dangling.ogg'));
  return music;
}

describe('LibraryImporter on generated files', () => {
  it('imports tags and durations, records unreadable files, and never stops on one', async () => {
    const { repository, importer, close } = setup();
    const music = makeMusicFolder(temp.path);
    const progress = job();
    const summary = await importer.importFolder(music, progress);
    expect(summary).toMatchObject({ found: 4, added: 3, updated: 0, unchanged: 0, failed: 2 });
    expect(summary.errors.map((e) => e.path).sort()).toEqual([join(music, 'broken.wav'), join(music, 'dangling.ogg')]);
    expect(summary.errors.find((e) => e.path.endsWith('broken.wav'))?.message).toMatch(/^not an audio file Emotune can read: it may be damaged, or another kind of file · details: /);
    expect(progress.events.length).toBeGreaterThan(0);

    const { songs, total } = repository.listSongs({ query: '', limit: 50, offset: 0 });
    expect(total).toBe(3);
    const sunny = songs.find((s) => s.title === 'Sunny');
    expect(sunny).toMatchObject({ artist: 'The Testers', genre: 'Pop' });
    expect(sunny?.durationSec).toBeCloseTo(1, 2);
    // No title tag: the file name stands in.
    expect(songs.some((s) => s.title === 'untagged')).toBe(true);
    expect(repository.listErrors()).toHaveLength(2);
    expect(repository.listSongs({ query: 'blues', limit: 50, offset: 0 }).songs.map((s) => s.title)).toEqual(['Rain']);
    close();
  });

  it('re-imports incrementally: unchanged files skipped, changed re-read, vanished removed, fixed errors cleared', async () => {
    const { repository, importer, close } = setup();
    const music = makeMusicFolder(temp.path);
    await importer.importFolder(music, job());
    writeWav(join(music, 'sad', 'rain.wav'), { seconds: 3, tags: { title: 'Rain (long)', artist: 'Grey Skies' } });
    utimesSync(join(music, 'sad', 'rain.wav'), new Date(), new Date(Date.now() + 5000));
    rmSync(join(music, 'untagged.wav'));
    writeWav(join(music, 'broken.wav'), { seconds: 1, tags: { title: 'Fixed' } });
    const summary = await importer.importFolder(music, job());
    expect(summary).toMatchObject({ found: 3, added: 1, updated: 1, unchanged: 1, failed: 1 });
    const titles = repository.listSongs({ query: '', limit: 50, offset: 0 }).songs.map((s) => s.title).sort();
    expect(titles).toEqual(['Fixed', 'Rain (long)', 'Sunny']);
    expect(repository.listErrors().map((e) => e.path)).toEqual([join(music, 'dangling.ogg')]);
    close();
  });

  it('keeps what it wrote when cancelled, and the next run continues from there', async () => {
    const { repository, importer, close } = setup();
    const music = join(temp.path, 'many');
    mkdirSync(music);
    // Enough files that the reader thread cannot read them all between the 7th progress report and the
    // cancel reaching it, however the machine is loaded (with 60 it sometimes finished first).
    const total = 1500;
    for (let i = 0; i < total; i += 1) writeWav(join(music, `t${String(i).padStart(4, '0')}.wav`), { seconds: 0.01 });
    const controller = new AbortController();
    const context = job(controller.signal);
    const original = context.onProgress;
    context.onProgress = (p) => {
      original(p);
      if (p.phase === 'reading tags' && p.done === 7) controller.abort();
    };
    const error = await importer.importFolder(music, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobCancelledError);
    // The reader runs ahead in its thread until the cancel reaches it: a few more files may be in.
    const partial = (error as JobCancelledError).partial as ImportSummary;
    expect(partial.added).toBeGreaterThanOrEqual(7);
    expect(partial.added).toBeLessThan(total);
    // Everything reported as read was written, and nothing else.
    expect(repository.count()).toBe(partial.added);
    // Issue 14, item 10: the folder is known from the start, so Rescan and the watcher take it up.
    expect(repository.listFolders()).toEqual([{ path: music, songs: partial.added, lastScanAt: null }]);
    const resumed = await importer.importFolder(music, job());
    expect(resumed).toMatchObject({ found: total, added: total - partial.added, unchanged: partial.added });
    expect(repository.count()).toBe(total);
    close();
  });

  it('refuses the whole disk, system folders and its own data folder, and leaves the data folder out of one that holds it', async () => {
    const db = openDatabase(join(temp.path, 'home', 'data', 'library.sqlite'));
    const repository = new LibraryRepository(db);
    const dataDir = join(temp.path, 'home', 'data');
    const importer = new LibraryImporter({ repository, workerUrl: pathToFileURL(join(import.meta.dirname, 'scan.worker.ts')), dataDir });
    for (const folder of ['/', '/proc', '/proc/self/cwd', dataDir]) {
      await expect(importer.importFolder(folder, job())).rejects.toMatchObject({ code: 'invalid-input' });
    }
    writeWav(join(dataDir, 'not-music.wav'), { seconds: 0.1 });
    writeWav(join(temp.path, 'home', 'song.wav'), { seconds: 0.1 });
    expect(await importer.importFolder(join(temp.path, 'home'), job())).toMatchObject({ found: 1, added: 1 });
    expect(repository.listSongs({ query: '', limit: 10, offset: 0 }).songs.map((s) => s.path)).toEqual([join(temp.path, 'home', 'song.wav')]);
    db.close();
  });

  it('reports a file whose name is not UTF-8 instead of losing it silently', async () => {
    const { importer, repository, close } = setup();
    const music = join(temp.path, 'latin1');
    mkdirSync(music);
    writeWav(join(music, 'fine.wav'), { seconds: 0.1 });
    // "café.wav" in Latin-1: the é is byte 0xE9, not UTF-8.
    const { writeFileSync, readFileSync: read } = await import('node:fs');
    writeFileSync(Buffer.concat([Buffer.from(`${music}/caf`), Buffer.from([0xe9]), Buffer.from('.wav')]), read(join(music, 'fine.wav')));
    const summary = await importer.importFolder(music, job());
    expect(summary).toMatchObject({ found: 1, added: 1, failed: 1 });
    expect(summary.errors[0]?.message).toMatch(/not valid UTF-8 text; rename the file/);
    expect(repository.count()).toBe(1);
    close();
  });

  it('refuses a folder that does not exist or is a file, with a clear error', async () => {
    const { importer, close } = setup();
    await expect(importer.importFolder(join(temp.path, 'nope'), job())).rejects.toMatchObject({
      code: 'folder-unreadable',
      message: expect.stringMatching(/no such file or folder/),
    });
    writeWav(join(temp.path, 'a.wav'), { seconds: 0.1 });
    await expect(importer.importFolder(join(temp.path, 'a.wav'), job())).rejects.toMatchObject({
      code: 'folder-unreadable',
      message: expect.stringMatching(/is not a folder/),
    });
    close();
  });

  it('extracts cover art into a content-addressed cache shared by songs with the same picture', async () => {
    const db = openDatabase(join(temp.path, 'library.sqlite'));
    const repository = new LibraryRepository(db);
    const coversDir = join(temp.path, 'covers');
    const importer = new LibraryImporter({ repository, workerUrl: pathToFileURL(join(import.meta.dirname, 'scan.worker.ts')), coversDir });
    const music = join(temp.path, 'album');
    mkdirSync(music);
    writeMp3(join(music, '1.mp3'), { title: 'One', artist: 'Band', cover: TINY_PNG });
    writeMp3(join(music, '2.mp3'), { title: 'Two', artist: 'Band', cover: TINY_PNG });
    writeMp3(join(music, '3.mp3'), { title: 'Three', artist: 'Band' });
    expect(await importer.importFolder(music, job())).toMatchObject({ added: 3, failed: 0 });
    const songs = repository.listSongs({ query: '', limit: 10, offset: 0, sort: 'title' }).songs;
    expect(songs.map((s) => [s.title, s.hasCover])).toEqual([['One', true], ['Three', false], ['Two', true]]);
    const files = readdirSync(coversDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{40}\.png$/);
    expect(readFileSync(join(coversDir, files[0] as string))).toEqual(TINY_PNG);
    expect(repository.getSongCover(songs[0]?.id ?? 0)).toBe(files[0]);
    db.close();
  });

  it('survives a link loop', async () => {
    const { importer, close } = setup();
    const music = join(temp.path, 'loop');
    mkdirSync(music);
    writeWav(join(music, 'one.wav'), { seconds: 0.1 });
    symlinkSync(music, join(music, 'again'));
    expect(await importer.importFolder(music, job())).toMatchObject({ found: 1, added: 1 });
    close();
  });
});

describe.skipIf(!hasShared('data', 'music'))('LibraryImporter on ../shared/data/music', () => {
  it('reads all 20 real tracks in six formats with their tags', async () => {
    const { repository, importer, close } = setup();
    const summary = await importer.importFolder(sharedPath('data', 'music'), job());
    expect(summary).toMatchObject({ found: 20, added: 20, failed: 0 });
    const songs = repository.listSongs({ query: '', limit: 50, offset: 0 }).songs;
    const blues = songs.find((s) => s.path.endsWith('City Blues.ogg'));
    expect(blues).toMatchObject({ title: 'City blues', artist: 'Robert van Herk' });
    expect(blues?.durationSec).toBeCloseTo(223.89, 0);
    const flac = songs.find((s) => s.path.endsWith('hr3-crossroads.flac'));
    expect(flac).toMatchObject({ title: 'Living Caves;Crossroads', artist: 'NeonCorridor', album: 'HyperRogue' });
    const untaggedMp3 = songs.find((s) => s.path.endsWith('machine_wars.mp3'));
    expect(untaggedMp3?.title).toBe('machine_wars');
    expect(untaggedMp3?.durationSec).toBeGreaterThan(280);
    for (const song of songs) expect(song.durationSec).toBeGreaterThan(10);
    // Durations as ../shared/data/music/README.md lists them (ffprobe), Ogg ones from the last page's granule.
    const durations: Record<string, number> = {
      'track13.opus': 425.19,
      'track16.opus': 487.75,
      'tuxi.ogg': 109.44,
      'Inevitable.ogg': 248.53,
      'hr3-crossroads.flac': 48.02,
      'Awakening.m4a': 208.0,
      'options1-jt.wav': 17.24,
    };
    for (const [file, seconds] of Object.entries(durations)) {
      expect(songs.find((s) => s.path.endsWith(`/${file}`))?.durationSec, file).toBeCloseTo(seconds, 0);
    }
    close();
  });
});
if (!hasShared('data', 'music')) console.warn(skipMessage('data', 'music'));
