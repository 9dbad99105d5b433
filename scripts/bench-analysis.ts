// npm run bench:analysis — how long a first analysis of a big library takes on this machine, JSON on stdout.
// The 20 real tracks of ../shared/data/music linked 150 times over (3,000 files: Ogg Vorbis, Opus, MP3, FLAC,
// WAV and M4A, 17 s to 8 min) are imported, then analysed by the app's AnalysisService and worker pool, with
// the app's default thread count (every core, at background priority, where the system allows) unless --threads says otherwise. Printed: minutes in
// all, files per second, seconds per file by format, and how soon every mood had five fitting songs
// (the playlist needs the first analysed songs to cover every mood, not one album after another).
//   --copies 150   how many times the 20 tracks are linked     --threads N   analysis threads
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { EMOTIONS } from '../src/shared/emotion.ts';
import { AnalysisPool, AnalysisService, FeaturesRepository, defaultAnalysisThreads, loadMusicEmotionModel } from '../src/main/analysis/index.ts';
import type { JobContext } from '../src/main/jobs/index.ts';
import { LibraryImporter, LibraryRepository, openDatabase } from '../src/main/library/index.ts';
import { MOOD_TARGETS, regionFit, RecommendRepository } from '../src/main/recommend/index.ts';

const root = resolve(import.meta.dirname, '..');
const music = resolve(root, '../shared/data/music');
const { values } = parseArgs({ options: { copies: { type: 'string', default: '150' }, threads: { type: 'string' } } });
const copies = Number(values.copies);
const threads = values.threads ? Number(values.threads) : defaultAnalysisThreads();
const dir = mkdtempSync(join(tmpdir(), 'emotune-bench-analysis-'));
const round = (v: number, digits = 2): number => Math.round(v * 10 ** digits) / 10 ** digits;

try {
  const tracks = readdirSync(music).flatMap((folder) => {
    const path = join(music, folder);
    return statSync(path).isDirectory() ? readdirSync(path).map((file) => join(path, file)) : [];
  });
  const library = join(dir, 'library');
  for (let copy = 0; copy < copies; copy += 1) {
    const sub = join(library, `album-${String(copy).padStart(3, '0')}`);
    mkdirSync(sub, { recursive: true });
    tracks.forEach((track, i) => symlinkSync(track, join(sub, `${i}-${track.split('/').at(-1)}`)));
  }
  const db = openDatabase(join(dir, 'library.sqlite'));
  const repository = new LibraryRepository(db);
  const noJob = (): JobContext => ({ signal: new AbortController().signal, onProgress: () => {} });
  await new LibraryImporter({ repository, workerUrl: pathToFileURL(join(root, 'src/main/library/scan.worker.ts')) }).importFolder(library, noJob());
  const model = loadMusicEmotionModel(join(root, 'assets/music-emotion/model.json'));
  const pool = new AnalysisPool({ workerUrl: pathToFileURL(join(root, 'src/main/analysis/analysis.worker.ts')), size: threads, model });
  const moods = new RecommendRepository(db);
  const started = performance.now();
  let everyMoodAt: { seconds: number; songsAnalysed: number } | null = null;
  let analysed = 0;
  // After each batch: does every emotion have five songs that fit its region at least half way?
  const checkCoverage = (): void => {
    if (everyMoodAt) return;
    const points = [...moods.moodPoints()];
    const covered = EMOTIONS.every((e) => points.filter((p) => regionFit(MOOD_TARGETS[e], p.valence, p.arousal) >= 0.5).length >= 5);
    if (covered) everyMoodAt = { seconds: round((performance.now() - started) / 1000, 1), songsAnalysed: points.length };
  };
  const service = new AnalysisService({ repository: new FeaturesRepository(db), pool, onSaved: checkCoverage });
  const summary = await service.analyzeLibrary({
    signal: new AbortController().signal,
    onProgress: (p) => {
      analysed = p.done;
      if (p.done % 250 === 0 && p.done > 0) {
        process.stderr.write(`analysed ${p.done} of ${p.total} (${round((performance.now() - started) / 60_000, 1)} min)\n`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  const byFormat = new Map<string, { files: number }>();
  for (const track of tracks) {
    const ext = extname(track).slice(1).toLowerCase();
    byFormat.set(ext, { files: (byFormat.get(ext)?.files ?? 0) + copies });
  }
  db.close();
  console.log(
    JSON.stringify(
      {
        benchmark: 'analysis of a big library',
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        threads,
        files: analysed,
        analysed: summary.analyzed,
        notAnalysed: summary.failed,
        notAnalysedReasons: [...new Set(summary.errors.map((e) => e.message))],
        formats: Object.fromEntries(byFormat),
        minutes: round(seconds / 60),
        filesPerSecond: round(analysed / seconds),
        trackHoursAnalysed: round(summary.audioSeconds / 3600),
        everyMoodHadFiveSongsAfter: everyMoodAt,
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
