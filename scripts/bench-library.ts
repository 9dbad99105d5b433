// npm run bench:library — library speed on this machine, JSON on stdout:
//   tag scan: a real folder (../shared/data/music linked 50 times over: 1,000 files), first import and rescan;
//   analysis: the 20 real tracks through the worker pool with one thread (seconds per track, × real time);
//   100k catalogue: a synthetic 100,000-row Spotify-style CSV imported, then catalogue and library queries.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AnalysisPool, AnalysisService, FeaturesRepository } from '../src/main/analysis/index.ts';
import { seededRandom } from '../src/main/recommend/index.ts';
import type { JobContext } from '../src/main/jobs/index.ts';
import { CatalogueRepository, CsvImporter, LibraryImporter, LibraryRepository, openDatabase } from '../src/main/library/index.ts';

const root = resolve(import.meta.dirname, '..');
const music = resolve(root, '../shared/data/music');
const dir = mkdtempSync(join(tmpdir(), 'emotune-bench-library-'));
const job = (): JobContext => ({ signal: new AbortController().signal, onProgress: () => {} });
const seconds = (since: number): number => (performance.now() - since) / 1000;
const round = (v: number, digits = 2): number => Math.round(v * 10 ** digits) / 10 ** digits;

function realTracks(): string[] {
  const out: string[] = [];
  for (const folder of readdirSync(music)) {
    const path = join(music, folder);
    if (statSync(path).isDirectory()) for (const file of readdirSync(path)) out.push(join(path, file));
  }
  return out;
}

try {
  const tracks = realTracks();
  const report: Record<string, unknown> = { benchmark: 'library', cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version };

  // Tag scan on 1,000 files.
  const big = join(dir, 'library');
  for (let copy = 0; copy < 50; copy += 1) {
    const sub = join(big, `copy-${String(copy).padStart(2, '0')}`);
    mkdirSync(sub, { recursive: true });
    tracks.forEach((track, i) => symlinkSync(track, join(sub, `${i}-${track.split('/').at(-1)}`)));
  }
  const db = openDatabase(join(dir, 'library.sqlite'));
  const repository = new LibraryRepository(db);
  const importer = new LibraryImporter({ repository, workerUrl: pathToFileURL(join(root, 'src/main/library/scan.worker.ts')) });
  let t = performance.now();
  const first = await importer.importFolder(big, job());
  const firstSec = seconds(t);
  t = performance.now();
  const again = await importer.importFolder(big, job());
  const againSec = seconds(t);
  report.tagScan = {
    files: first.found,
    failed: first.failed,
    firstImportSeconds: round(firstSec),
    filesPerSecond: Math.round(first.found / firstSec),
    rescanUnchangedFilesPerSecond: Math.round(again.unchanged / againSec),
  };
  db.close();

  // Analysis of the 20 real tracks, one worker thread.
  const adb = openDatabase(join(dir, 'analysis.sqlite'));
  const arepo = new LibraryRepository(adb);
  await new LibraryImporter({ repository: arepo, workerUrl: pathToFileURL(join(root, 'src/main/library/scan.worker.ts')) }).importFolder(music, job());
  const pool = new AnalysisPool({ workerUrl: pathToFileURL(join(root, 'src/main/analysis/analysis.worker.ts')), size: 1 });
  const analysis = new AnalysisService({ repository: new FeaturesRepository(adb), pool });
  t = performance.now();
  const analysed = await analysis.analyzeLibrary(job());
  const analysisSec = seconds(t);
  await pool.close();
  adb.close();
  report.analysis = {
    threads: 1,
    tracks: analysed.analyzed,
    notDecodable: analysed.failed,
    audioSeconds: round(analysed.audioSeconds, 1),
    secondsPerTrack: round(analysisSec / analysed.analyzed),
    timesRealTimePerCore: round(analysed.audioSeconds / analysisSec, 1),
  };

  // A 100k-track synthetic catalogue.
  const random = seededRandom(7);
  const lines = ['track_id,track_name,track_artist,track_album_name,playlist_genre,danceability,energy,key,loudness,mode,valence,tempo,duration_ms'];
  const genres = ['pop', 'rock', 'rap', 'edm', 'latin', 'r&b'];
  for (let i = 0; i < 100_000; i += 1) {
    lines.push(
      [`id${i}`, `"Song ${i}, part ${i % 7}"`, `Artist ${i % 5000}`, `Album ${i % 20000}`, genres[i % 6], random().toFixed(3), random().toFixed(3), Math.floor(random() * 12), (-20 + random() * 18).toFixed(2), i % 2, random().toFixed(3), (60 + random() * 140).toFixed(2), 120000 + Math.floor(random() * 180000)].join(','),
    );
  }
  const csv = join(dir, 'catalogue.csv');
  writeFileSync(csv, `${lines.join('\n')}\n`);
  const cdb = openDatabase(join(dir, 'catalogue.sqlite'));
  const catalogue = new CatalogueRepository(cdb);
  t = performance.now();
  const imported = await new CsvImporter({ catalogue }).importCsv(csv, { list: null }, job());
  const catalogueSec = seconds(t);
  const lookup = cdb.prepare('SELECT id FROM catalogue_tracks WHERE match_key = ?');
  t = performance.now();
  for (let i = 0; i < 1000; i += 1) lookup.all(`artist ${i % 5000}|song ${i} part ${i % 7}`);
  const lookupMs = (performance.now() - t) / 1000;
  // The same 100k tracks as library songs: insert, then the library view's queries.
  const lrepo = new LibraryRepository(cdb);
  const songs = Array.from({ length: 100_000 }, (_, i) => ({
    path: `/music/artist-${i % 5000}/song-${i}.ogg`,
    sizeBytes: 1000 + i,
    mtimeMs: 1_700_000_000_000,
    title: `Song ${i}`,
    artist: `Artist ${i % 5000}`,
    album: `Album ${i % 20000}`,
    genre: genres[i % 6] as string,
    moodTag: null,
    durationSec: 180,
    container: 'Ogg',
    codec: 'Vorbis I',
    cover: null,
  }));
  t = performance.now();
  for (let i = 0; i < songs.length; i += 5000) lrepo.saveBatch(songs.slice(i, i + 5000), []);
  const insertSec = seconds(t);
  const time = (fn: () => unknown, runs = 20): number => {
    const t0 = performance.now();
    for (let i = 0; i < runs; i += 1) fn();
    return round((performance.now() - t0) / runs);
  };
  report.catalogue100k = {
    rows: imported.rows,
    csvImportSeconds: round(catalogueSec),
    matchKeyLookupMs: round(lookupMs, 3),
    librarySongsInsertSeconds: round(insertSec),
    queriesMs: {
      firstPageByArtist: time(() => lrepo.listSongs({ query: '', limit: 200, offset: 0, sort: 'artist' })),
      searchArtist: time(() => lrepo.listSongs({ query: 'Artist 4321', limit: 200, offset: 0 })),
      sortByTempo: time(() => lrepo.listSongs({ query: '', limit: 200, offset: 0, sort: 'tempo', descending: true })),
      genrePool: time(() => lrepo.songIdsMatchingTags(['rock', 'metal'])),
    },
  };
  cdb.close();
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
