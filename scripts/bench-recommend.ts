// npm run bench:recommend — recommendation speed at 10k, 100k and 1M songs, JSON on stdout.
// A real SQLite library per size (songs with analysed valence, arousal and confidence, 20k artists), the
// app's Recommender: the first call builds the mood index (cold), then 60 calls warm, the emotion and the
// avoided songs changing each time (match and lift). Paper 2's cosine ranking is timed on the same songs.
//   --sizes 10000,100000   other sizes
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EMOTIONS } from '../src/shared/emotion.ts';
import { LibraryRepository, openDatabase } from '../src/main/library/index.ts';
import { loadEmotionRules, loadEmotionTargets, rankBySimilarity, Recommender, RecommendRepository, seededRandom } from '../src/main/recommend/index.ts';

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,100000,1000000' } } });
const sizes = values.sizes.split(',').map(Number);
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
const round = (v: number): number => Math.round(v * 100) / 100;

function fill(db: ReturnType<typeof openDatabase>, n: number): void {
  const random = seededRandom(n);
  const song = db.prepare(`INSERT INTO songs (id, path, size_bytes, mtime_ms, title, artist, added_at, updated_at) VALUES (?, ?, 1, 0, ?, ?, 0, 0)`);
  const features = db.prepare(`INSERT INTO song_features (song_id, source, analysis_version, tempo_bpm, mode, energy, valence, arousal, mood_confidence, analyzed_at)
    VALUES (?, 'audio', 2, ?, ?, ?, ?, ?, ?, 0)`);
  const insert = db.transaction((from: number, to: number) => {
    for (let id = from; id < to; id += 1) {
      song.run(id, `/music/${id}.mp3`, `Song ${id}`, `Artist ${Math.floor(random() * 20_000)}`);
      const valence = random();
      const arousal = random();
      features.run(id, 60 + random() * 120, random() < 0.6 ? 'major' : 'minor', arousal, valence, arousal, 0.25 + random() * 0.75);
    }
  });
  for (let from = 1; from <= n; from += 50_000) insert(from, Math.min(n + 1, from + 50_000));
}

const report: Record<string, unknown> = { benchmark: 'recommend', cpu: cpus()[0]?.model ?? 'unknown', node: process.version, runs: [] as unknown[] };
const rules = loadEmotionRules(join(root, 'data', 'emotion-rules.json'));
const targets = loadEmotionTargets(join(root, 'data', 'emotion-targets.json'));
for (const n of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'emotune-bench-recommend-'));
  try {
    const db = openDatabase(join(dir, 'library.sqlite'));
    let t = performance.now();
    fill(db, n);
    const fillSeconds = (performance.now() - t) / 1000;
    const repository = new LibraryRepository(db);
    const moods = new RecommendRepository(db);
    const recommender = new Recommender({ repository, moods, rules, targets, random: seededRandom(1) });
    t = performance.now();
    recommender.recommend('happy', 5);
    const coldMs = performance.now() - t;
    const timings: Record<string, number[]> = { match: [], lift: [] };
    const random = seededRandom(2);
    for (let i = 0; i < 60; i += 1) {
      const emotion = EMOTIONS[i % EMOTIONS.length] as (typeof EMOTIONS)[number];
      const avoid = new Set(Array.from({ length: 15 }, () => 1 + Math.floor(random() * n)));
      for (const mode of ['match', 'lift'] as const) {
        const start = performance.now();
        recommender.recommend(emotion, 5, { mode, avoid });
        timings[mode]?.push(performance.now() - start);
      }
    }
    const vectors = repository.featureVectors();
    t = performance.now();
    rankBySimilarity(vectors, targets.emotions.sad);
    const paper2Ms = performance.now() - t;
    const summary = (list: number[]): { p50: number; p95: number } => {
      const sorted = [...list].sort((a, b) => a - b);
      return { p50: round(percentile(sorted, 0.5)), p95: round(percentile(sorted, 0.95)) };
    };
    (report.runs as unknown[]).push({
      songs: n,
      libraryFillSeconds: round(fillSeconds),
      firstCallMsWithIndexBuild: round(coldMs),
      warmMs: { match: summary(timings.match ?? []), lift: summary(timings.lift ?? []) },
      paper2CosineRankingMs: round(paper2Ms),
    });
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(JSON.stringify(report, null, 2));
