// npm run train:music — trains the music-emotion model on ../shared/data/mer4q and writes
// assets/music-emotion/{model.json,metrics.json}; prints the cross-validated figures as JSON.
//   --data DIR --labels CSV   another labelled set (default: ../shared/data/mer4q and its labels.csv)
//   --repeats N               repeats of the grouped 10-fold cross-validation (default 5)
//   --out DIR                 where to write the model (default assets/music-emotion)
//   --cv-only                 cross-validate, write nothing
//   --single-valence          the ablation: one valence head for all songs instead of one per arousal half
//                             (cross-validates only)
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
    'single-valence': { type: 'boolean', default: false },
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
  split: !values['single-valence'],
  onFold: (r, f) => f === 0 && process.stderr.write(`cross-validation repeat ${r + 1}/${values.repeats}\n`),
});
const report = {
  data: data,
  clips: examples.length,
  artists: new Set(examples.map((e) => e.group)).size,
  descriptors: DESCRIPTOR_NAMES.length,
  valenceHeads: values['single-valence'] ? 'one for all songs (ablation)' : 'one per arousal half',
  analysisVersion: ANALYSIS_VERSION,
  crossValidation: { method: cv.method, summary: cv.summary, firstRepeat: cv.perRepeat[0], lambdasChosen: countLambdas(cv.lambdasChosen) },
  seconds: Math.round((performance.now() - started) / 100) / 10,
};
if (!values['cv-only'] && !values['single-valence']) {
  const { model, lambdas } = fitMusicEmotionModel(examples, DESCRIPTOR_NAMES, { name: 'emotune-mer-logistic', innerFolds: 5, seed: 20_261_201 });
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
  writeFileSync(join(values.out, 'MODEL_CARD.md'), modelCard(metrics, cv));
  Object.assign(report, { wrote: ['model.json', 'metrics.json', 'MODEL_CARD.md'].map((f) => join(values.out, f)), lambdas });
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

function modelCard(metrics: { clips: number; artists: number; lambdas: Lambdas }, cv: ReturnType<typeof crossValidate>): string {
  const s = cv.summary;
  const f = (name: string, digits = 3): string => `${(s[name]?.mean ?? Number.NaN).toFixed(digits)} ± ${(s[name]?.sd ?? Number.NaN).toFixed(digits)}`;
  const first = cv.perRepeat[0];
  const confusion = first
    ? first.quadrant.confusion.map((row, i) => `| ${first.quadrant.labels[i]} | ${row.join(' | ')} |`).join('\n')
    : '';
  return `# Emotune music-emotion model (emotune-mer-logistic)

Written by \`npm run train:music\` (scripts/train-music-model.ts); the figures are in metrics.json.

| | |
| --- | --- |
| Task | a song's place in Russell's valence–arousal plane, and its quadrant: Q1 happy/excited, Q2 angry/tense, Q3 sad, Q4 calm |
| Data | mer4q: ${metrics.clips} clips of 30 s (${metrics.artists} artists) of the 4Q audio emotion dataset (Panda, Malheiro & Paiva 2018, IEEE TAFFC), quadrants from AllMusic mood tags checked by people; Opus 32 kbit/s mono copies in ../shared/data/mer4q |
| Licence of the data | the clips are copyrighted previews distributed for research: used for training and evaluation only, never shipped. The model ships only coefficients |
| Input | ${DESCRIPTOR_NAMES.length} descriptors of about 30 s of audio (src/main/analysis/descriptors.ts): MFCC means, spreads and change; spectral contrast and valleys; centroid, bandwidth, roll-off, flatness, flux, zero crossings; RMS level, spread, low-energy ratio, loudness range, integrated loudness; key clarity, mode strength, chroma entropy and change; Sethares roughness; percussive share (median-filter HPSS); tempo, its confidence, pulse clarity, onset rate |
| Model | standardised descriptors (clipped at ±5 deviations) → three L2-regularised logistic regressions: P(high arousal); P(positive valence) for lively music (Q1 vs Q2) and for quiet music (Q4 vs Q3). Valence = P(A)·P(V|high) + (1−P(A))·P(V|low); quadrant probabilities are the products; confidence is the largest |
| L2 strength | chosen per head by grouped 5-fold CV: arousal ${metrics.lambdas.arousal}, valence (lively) ${metrics.lambdas.valenceHigh}, valence (quiet) ${metrics.lambdas.valenceLow} |
| Evaluation | ${cv.method} |

## Cross-validated figures (mean ± sd over the repeats)

| measure | value | issue 11 target |
| --- | --- | --- |
| valence ROC AUC (Q1+Q4 vs Q2+Q3) | **${f('valenceAuc')}** | ≥ 0.75 |
| arousal ROC AUC (Q1+Q2 vs Q3+Q4) | **${f('arousalAuc')}** | ≥ 0.90 |
| quadrant accuracy | **${f('quadrantAccuracy')}** | ≥ 0.65 |
| quadrant macro-F1 | ${f('quadrantMacroF1')} | |
| Pearson r, valence vs tag valence (Warriner norms) | ${f('valencePearson')} | |
| Pearson r, arousal vs tag arousal | ${f('arousalPearson')} | |

Confusion of the first repeat (rows: labelled quadrant, columns: predicted Q1…Q4):

| | Q1 | Q2 | Q3 | Q4 |
| --- | --- | --- | --- | --- |
${confusion}

The dataset's authors report F1 76.4 % on all 900 clips with 100 features chosen from 1,702 and an SVM
(20× repeated 10-fold CV, not grouped by artist); this model uses 498 clips, ${DESCRIPTOR_NAMES.length} descriptors and linear heads.
Most errors are sad ↔ calm (Q3 ↔ Q4), where valence is hardest to hear.

## Limits
- Trained on 30 s previews of commercial music (mostly Western popular genres of the AllMusic catalogue);
  the app reads about 30 s of each song (three 10 s excerpts of longer tracks), as the clips are.
- Labels are quadrants from mood tags, not per-listener ratings: the point is a probability, not a rating scale.
- Codec: the clips are Opus at 32 kbit/s; \`npm run eval:codec\` compares each descriptor and the model's
  outputs on the same clips transcoded to MP3 (README gives the figures).
`;
}
