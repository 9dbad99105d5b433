// npm run train:music — trains the music-emotion model on ../shared/data/mer4q and writes
// assets/music-emotion/{model.json,metrics.json}; prints the cross-validated figures as JSON.
//   --data DIR --labels CSV   another labelled set (default: ../shared/data/mer4q and its labels.csv)
//   --repeats N               repeats of the grouped 10-fold cross-validation (default 5)
//   --out DIR                 where to write the model (default assets/music-emotion)
//   --cv-only                 cross-validate, write nothing
// Descriptors are cached per clip in .cache/ (keyed by analyser version), so a rerun does not decode again.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { AnalysisPool, ANALYSIS_VERSION, DESCRIPTOR_NAMES } from '../src/main/analysis/index.ts';
import { crossValidate, fitMusicEmotionModel, type Lambdas, type TrainingExample } from '../src/main/analysis/mer-training.ts';
import { analyzeClips, readAudioLabels } from '../src/main/app/labelled-audio.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(root, '../shared/data/mer4q') },
    labels: { type: 'string' },
    repeats: { type: 'string', default: '5' },
    out: { type: 'string', default: join(root, 'assets/music-emotion') },
    'cv-only': { type: 'boolean', default: false },
  },
});
const data = resolve(values.data);
if (!existsSync(data)) {
  console.error(`${data} is absent: the training clips live in ../shared/data/mer4q beside the checkout`);
  process.exit(2);
}
const clips = readAudioLabels(values.labels ?? join(data, 'labels.csv'));

// Descriptors per clip, cached.
mkdirSync(join(root, '.cache'), { recursive: true });
const cacheFile = join(root, '.cache', `mer-descriptors-v${ANALYSIS_VERSION}-${data.replace(/[^a-z0-9]+/gi, '_').slice(-60)}.json`);
const cache: Record<string, number[]> = existsSync(cacheFile) ? (JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, number[]>) : {};
const missing = clips.filter((c) => !cache[c.file]);
if (missing.length > 0) {
  const pool = new AnalysisPool({ workerUrl: pathToFileURL(join(root, 'src/main/analysis/analysis.worker.ts')), size: cpus().length });
  const started = performance.now();
  const outcomes = await analyzeClips(data, missing, pool, {
    onProgress: (done, total) => {
      if (done % 25 === 0 || done === total) process.stderr.write(`analysed ${done}/${total} clips (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
    },
  });
  await pool.close();
  for (const outcome of outcomes) {
    if ('features' in outcome) cache[outcome.clip.file] = outcome.features.descriptors;
    else process.stderr.write(`skipped ${outcome.clip.file}: ${outcome.error}\n`);
  }
  writeFileSync(cacheFile, JSON.stringify(cache));
}

const examples: TrainingExample[] = clips
  .filter((c) => cache[c.file])
  .map((c) => ({ ...c, descriptors: cache[c.file] as number[], group: c.artist?.toLowerCase() ?? c.file }));
const started = performance.now();
const cv = crossValidate(examples, {
  folds: 10,
  repeats: Number(values.repeats),
  innerFolds: 5,
  seed: 20_261_201,
  onFold: (r, f) => f === 0 && process.stderr.write(`cross-validation repeat ${r + 1}/${values.repeats}\n`),
});
const report = {
  data: data,
  clips: examples.length,
  artists: new Set(examples.map((e) => e.group)).size,
  descriptors: DESCRIPTOR_NAMES.length,
  analysisVersion: ANALYSIS_VERSION,
  crossValidation: { method: cv.method, summary: cv.summary, firstRepeat: cv.perRepeat[0], lambdasChosen: countLambdas(cv.lambdasChosen) },
  seconds: Math.round((performance.now() - started) / 100) / 10,
};
if (!values['cv-only']) {
  const { model, lambdas } = fitMusicEmotionModel(examples, DESCRIPTOR_NAMES, { name: 'emotune-mer-linear', innerFolds: 5, seed: 20_261_201 });
  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, 'model.json'), `${JSON.stringify(model)}\n`);
  const metrics = {
    model: model.name,
    trainedOn: 'mer4q (../shared/data/mer4q, 498 clips, 4Q audio emotion dataset of Panda et al. 2018)',
    clips: report.clips,
    artists: report.artists,
    lambdas,
    crossValidation: report.crossValidation,
    command: 'npm run train:music',
  };
  writeFileSync(join(values.out, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
  Object.assign(report, { wrote: [join(values.out, 'model.json'), join(values.out, 'metrics.json')], lambdas });
}
console.log(JSON.stringify(report, null, 2));

function countLambdas(chosen: Lambdas[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = { arousal: {}, valenceHigh: {}, valenceLow: {} };
  for (const c of chosen) {
    for (const head of ['arousal', 'valenceHigh', 'valenceLow'] as const) {
      const key = String(c[head]);
      (out[head] as Record<string, number>)[key] = ((out[head] as Record<string, number>)[key] ?? 0) + 1;
    }
  }
  return out;
}
