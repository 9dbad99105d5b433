import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { CsvImportSummary } from '../../../shared/api/index.ts';
import { writeWav } from '../../testing/audio-builders.ts';
import { createTestServices, importThroughJobs } from '../../testing/services.ts';
import { hasShared, sharedPath, skipMessage } from '../../testing/shared-data.ts';
import { useTempDir } from '../../testing/temp-dir.ts';

const temp = useTempDir();

async function importCsv(services: ReturnType<typeof createTestServices>, file: string, list: string | null = null): Promise<CsvImportSummary> {
  const finished = new Promise<{ status: string; summary: CsvImportSummary; error: { message: string } | null }>((resolve) =>
    services.events.on((event, payload) => {
      if (event === 'job.finished' && (payload as { kind: string }).kind === 'library.importCsv') resolve(payload as never);
    }),
  );
  services.jobs.start('library.importCsv', (job) => services.csvImporter.importCsv(file, { list: list as never }, job));
  const result = await finished;
  if (result.status !== 'done') throw new Error(result.error?.message ?? result.status);
  return result.summary;
}

async function libraryWith(titles: [string, string][]) {
  const music = join(temp.path, 'music');
  mkdirSync(music, { recursive: true });
  titles.forEach(([artist, title], i) => writeWav(join(music, `${i}.wav`), { seconds: 0.1, tags: { artist, title } }));
  const services = createTestServices(join(temp.path, 'data'));
  await importThroughJobs(services, music);
  return services;
}

describe('CSV import', () => {
  it('puts a feature table in the catalogue and its features on the songs it names', async () => {
    const services = await libraryWith([['Queen', "Don't Stop Me Now"], ['Nobody', 'Unknown Song']]);
    const csv = join(temp.path, 'features.csv.gz');
    writeFileSync(
      csv,
      gzipSync(
        'track_id,track_name,track_artist,valence,energy,tempo,loudness,mode,key\n' +
          `a1,"Don't Stop Me Now - Remastered 2011",Queen,0.6,0.87,156.3,-5.3,1,5\n` +
          'a1,"Don\'t Stop Me Now - Remastered 2011",Queen,0.6,0.87,156.3,-5.3,1,5\n' +
          'b2,Other,Someone,1.5e-1,7.2E-01,0,-8,0,2\n' +
          ',,,,,,,,\n',
      ),
    );
    const summary = await importCsv(services, csv);
    expect(summary).toMatchObject({ kind: 'features', rows: 4, imported: 2, skipped: 1, matched: 1 });
    expect(services.catalogue.count()).toBe(2);
    const song = services.repository.listSongs({ query: 'queen', limit: 5, offset: 0 }).songs[0];
    expect(song?.features).toMatchObject({ source: 'csv', valence: 0.6, energy: 0.87, tempoBpm: 156.3, key: 'F major' });
    // The analyser leaves songs with table features alone.
    expect(services.analysis.pendingCount()).toBe(1);
    // Importing the same table again replaces it rather than adding to it.
    await importCsv(services, csv);
    expect(services.catalogue.count()).toBe(2);
    await services.close();
  });

  it("assigns the songs of paper 1's per-emotion list, reporting the ones it cannot find", async () => {
    const services = await libraryWith([['Adele', 'Someone Like You'], ['R.E.M.', 'Everybody Hurts']]);
    const csv = join(temp.path, 'sad.csv');
    writeFileSync(csv, 'name,artist\nSomeone Like You,Adele\nEverybody Hurts,R.E.M.\nHurt,Johnny Cash\n');
    const summary = await importCsv(services, csv);
    expect(summary).toMatchObject({ kind: 'list', emotion: 'sad', rows: 3, matched: 2, unmatched: ['Johnny Cash – Hurt'] });
    expect(services.recommender.recommend('sad', 5)).toMatchObject({ basis: 'assigned', poolSize: 2 });
    await services.close();
  });

  it('refuses a table without a title column or without features, and a missing file, clearly', async () => {
    const services = await libraryWith([]);
    writeFileSync(join(temp.path, 'x.csv'), 'foo,bar\n1,2\n');
    await expect(importCsv(services, join(temp.path, 'x.csv'))).rejects.toThrow(/no title column/);
    writeFileSync(join(temp.path, 'titles.csv'), 'title,artist\nA,B\n');
    await expect(importCsv(services, join(temp.path, 'titles.csv'))).rejects.toThrow(/no feature columns/);
    await expect(importCsv(services, join(temp.path, 'none.csv'))).rejects.toThrow(/no such CSV file/);
    expect(services.catalogue.count()).toBe(0);
    await services.close();
  });

  it('refuses a huge single line or an unterminated quote with the limit named, and keeps the catalogue as it was', async () => {
    // Issue 14, item 5: a 600 MB one-line CSV ran the server out of memory; a 100 MB quote became one title.
    const services = await libraryWith([]);
    writeFileSync(join(temp.path, 'one-line.csv.gz'), gzipSync(Buffer.alloc(40 * 1024 * 1024, 'a')));
    await expect(importCsv(services, join(temp.path, 'one-line.csv.gz'))).rejects.toThrow(/one-line\.csv\.gz is not a song table Emotune can read: row 1: a field is longer than 64 KiB/);
    writeFileSync(join(temp.path, 'quote.csv'), `title,valence,energy,tempo\nGood,0.5,0.5,120\n"Broken,0.1,0.2,90\n${'x,1,1,1\n'.repeat(20_000)}`);
    await expect(importCsv(services, join(temp.path, 'quote.csv'))).rejects.toThrow(/row 3: a field is longer than 64 KiB \(a quote that never closes\?\)/);
    expect(services.catalogue.count()).toBe(0);
    await services.close();
  });

  it.skipIf(!hasShared('data', 'songs'))('reads the real tables of ../shared/data/songs, quirks included', async () => {
    const services = await libraryWith([['Prince', '1999']]);
    const moods = await importCsv(services, sharedPath('data', 'songs', 'data_moods.csv'));
    expect(moods).toMatchObject({ rows: 686, imported: 686, skipped: 0, matched: 1 });
    const songs = await importCsv(services, sharedPath('data', 'songs', 'spotify_songs.csv.gz'));
    // 32,833 rows: 5 without a name, 28,356 distinct track ids.
    expect(songs.rows).toBe(32_833);
    expect(songs.skipped).toBe(5);
    expect(songs.imported).toBeGreaterThan(28_300);
    expect(songs.imported).toBeLessThanOrEqual(28_356);
    expect(services.catalogue.count()).toBe(686 + songs.imported);
    await services.close();
  }, 60_000);
});
if (!hasShared('data', 'songs')) console.warn(skipMessage('data', 'songs'));
