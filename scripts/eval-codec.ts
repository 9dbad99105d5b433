// npm run eval:codec — does the music-emotion model hear the same song the same way in another codec?
// Transcodes 10 clips per quadrant of ../shared/data/mer4q (Opus 32 kbit/s) to MP3 at 128 kbit/s and to
// 16-bit WAV with ffmpeg (Debian's, needed on PATH), analyses every version through the app's
// analyser and model, and prints JSON: per codec, the mean absolute change of valence, arousal and
// confidence, how many quadrants change, and each descriptor's median change in units of its spread over
// the clips. Clips are chosen by a seeded draw, so a rerun uses the same ones.
//   --per-quadrant N   clips per quadrant (default 10)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { AnalysisPool, DESCRIPTOR_NAMES, loadMusicEmotionModel, QUADRANTS } from '../src/main/analysis/index.ts';
import { analyzeClips, readAudioLabels, type LabelledClip } from '../src/main/app/labelled-audio.ts';
import { sampleWithoutReplacement, seededRandom } from '../src/main/recommend/index.ts';

const root = resolve(import.meta.dirname, '..');
const data = resolve(root, '../shared/data/mer4q');
const { values } = parseArgs({ options: { 'per-quadrant': { type: 'string', default: '10' } } });
const perQuadrant = Number(values['per-quadrant']);
const random = seededRandom(11);
const all = readAudioLabels(join(data, 'labels.csv'));
const clips = QUADRANTS.flatMap((q) => sampleWithoutReplacement(all.filter((c) => c.quadrant === q), perQuadrant, random));
const model = loadMusicEmotionModel(join(root, 'assets/music-emotion/model.json'), (m) => console.error(m));
if (!model) process.exit(1);
const dir = mkdtempSync(join(tmpdir(), 'emotune-codec-'));
const pool = new AnalysisPool({ workerUrl: pathToFileURL(join(root, 'src/main/analysis/analysis.worker.ts')), size: cpus().length, model });
try {
  const versions: Record<string, LabelledClip[]> = { mp3: [], wav: [] };
  for (const clip of clips) {
    const base = clip.file.replace(/[/\\]/g, '_').replace(/\.opus$/, '');
    const args = ['-v', 'error', '-y', '-i', join(data, clip.file)];
    execFileSync('ffmpeg', [...args, '-codec:a', 'libmp3lame', '-b:a', '128k', join(dir, `${base}.mp3`)]);
    execFileSync('ffmpeg', [...args, '-codec:a', 'pcm_s16le', join(dir, `${base}.wav`)]);
    versions.mp3?.push({ ...clip, file: join(dir, `${base}.mp3`) });
    versions.wav?.push({ ...clip, file: join(dir, `${base}.wav`) });
  }
  const original = await analyzeClips(data, clips, pool);
  const features = (outcomes: Awaited<ReturnType<typeof analyzeClips>>) => outcomes.map((o) => ('features' in o ? o.features : null));
  const base = features(original);
  const spread = DESCRIPTOR_NAMES.map((_, d) => {
    const xs = base.flatMap((f) => (f ? [f.descriptors[d] as number] : []));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1)) || 1;
  });
  const report: Record<string, unknown> = { clips: clips.length, from: 'Opus 32 kbit/s mono (mer4q)', codecs: {} };
  for (const [codec, list] of Object.entries(versions)) {
    const other = features(await analyzeClips('/', list, pool));
    const pairs = base.flatMap((f, i) => (f && other[i] ? [[f, other[i]] as const] : []));
    const mean = (xs: number[]): number => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 1000) / 1000;
    const quadrant = (q: readonly number[] | null): number => (q ? q.indexOf(Math.max(...q)) : -1);
    const descriptorShift = DESCRIPTOR_NAMES.map((name, d) => {
      const shifts = pairs.map(([a, b]) => Math.abs((b.descriptors[d] as number) - (a.descriptors[d] as number)) / (spread[d] as number)).sort((x, y) => x - y);
      return { name, medianShiftInSpreads: Math.round((shifts[Math.floor(shifts.length / 2)] ?? 0) * 1000) / 1000 };
    }).sort((a, b) => b.medianShiftInSpreads - a.medianShiftInSpreads);
    (report.codecs as Record<string, unknown>)[codec] = {
      compared: pairs.length,
      meanAbsChange: {
        valence: mean(pairs.map(([a, b]) => Math.abs(a.valence - b.valence))),
        arousal: mean(pairs.map(([a, b]) => Math.abs(a.arousal - b.arousal))),
        confidence: mean(pairs.map(([a, b]) => Math.abs((a.moodConfidence ?? 0) - (b.moodConfidence ?? 0)))),
      },
      quadrantChanged: pairs.filter(([a, b]) => quadrant(a.quadrants) !== quadrant(b.quadrants)).length,
      mostShiftedDescriptors: descriptorShift.slice(0, 5),
    };
  }
  console.log(JSON.stringify(report, null, 2));
} finally {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
}
