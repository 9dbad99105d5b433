// npm run eval:models [-- --markdown] [--models a,b] — every emotion model in assets/models, measured the way the
// app runs it, as JSON on stdout (or, with --markdown, the README's table):
//   - FER-2013 PublicTest through `emotune eval`'s path: accuracy, macro-F1, disgust recall;
//   - real photos: the labelled single-face photos of ../shared/data/faces through the live path (working-size
//     frame, Haar face, the model's own framing), share classified as labelled;
//   - posed photos of real people (../shared/data/expressions, issue 12) through the live path: accuracy,
//     macro-F1, recall of angry, disgust and fear, and the expected calibration error of the confidence;
//   - ms per face: one 1-face inference on the backend in use (p50 / p95 of 200 after 20 warm-up runs);
//   - parameters and weight bytes.
// --models takes names in assets/models or paths to model folders (an export being tried before it ships).
// --write adds the expressions photos' figures to each model folder's metrics.json (the Settings panel shows them).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { EMOTIONS, topEmotion } from '../src/shared/emotion.ts';
import { evaluateModel, evaluatePhotos, listModels, modelDirFor, readPhotoLabels } from '../src/main/app/index.ts';
import { FaceDetector, FrameAnalyzer, loadOpenCV } from '../src/main/camera/index.ts';
import { EmotionClassifier } from '../src/main/emotion/index.ts';
import { parseFaceLabels } from '../src/main/testing/shared-data.ts';
import { measureLatency, readManifest, weightStats } from './model-stats.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(root, '../shared/data/fer2013/fer2013-train-publictest.csv.gz') },
    faces: { type: 'string', default: resolve(root, '../shared/data/faces') },
    expressions: { type: 'string', default: resolve(root, '../shared/data/expressions') },
    models: { type: 'string' },
    markdown: { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
  },
});
if (!existsSync(values.data)) {
  process.stderr.write(`eval:models needs FER-2013 (looked for ${values.data}; --data FILE)\n`);
  process.exit(1);
}
const workerUrl = pathToFileURL(join(root, 'src/main/emotion/emotion.worker.ts'));
const names = values.models ? values.models.split(',') : listModels(root).map((m) => m.name);
const round = (v: number, d = 4): number => Math.round(v * 10 ** d) / 10 ** d;

/** The labelled single-face photos through the live path: how many come out as labelled. */
async function photos(dir: string): Promise<{ correct: number; total: number; byLabel: Record<string, string> } | null> {
  const labels = join(values.faces, 'labels.csv');
  if (!existsSync(labels)) return null;
  const rows = parseFaceLabels(readFileSync(labels, 'utf8')).filter(
    (r) => r.expectedFaces === 1 && (EMOTIONS as readonly string[]).includes(r.label),
  );
  const cv = loadOpenCV();
  const analyzer = new FrameAnalyzer({ cv, detector: new FaceDetector(cv) });
  const classifier = new EmotionClassifier({ workerUrl, modelDir: dir });
  const counts = new Map<string, { correct: number; total: number }>();
  try {
    await classifier.ready();
    for (const row of rows) {
      const analyzed = await analyzer.analyze(await cv.imreadAsync(join(values.faces, row.file)));
      const face = analyzed.faces[0]; // faces come largest first; the app classifies that one
      const count = counts.get(row.label) ?? { correct: 0, total: 0 };
      count.total += 1;
      if (face) {
        const result = await classifier.classify(analyzed.gray, [face]);
        if (topEmotion(result.probabilities[0] as never).emotion === row.label) count.correct += 1;
      }
      counts.set(row.label, count);
    }
  } finally {
    await classifier.close();
  }
  const all = [...counts.values()];
  return {
    correct: all.reduce((s, c) => s + c.correct, 0),
    total: all.reduce((s, c) => s + c.total, 0),
    byLabel: Object.fromEntries([...counts].map(([label, c]) => [label, `${c.correct}/${c.total}`])),
  };
}

/** The posed photos of real people through the live path (a photo without one face counts wrong). */
async function expressions(dir: string) {
  const labels = join(values.expressions, 'labels.csv');
  if (!existsSync(labels)) return null;
  const result = await evaluatePhotos({ data: values.expressions, photos: readPhotoLabels(labels), modelDir: dir, workerUrl });
  const recall = (e: string): number => round(result.perClass[e as keyof typeof result.perClass]?.recall ?? 0, 3);
  return {
    photos: result.count,
    accuracy: round(result.accuracy, 6), // 6 places: the table's one-decimal percentage must not round twice
    macroF1: round(result.macroF1),
    recall: { angry: recall('angry'), disgust: recall('disgust'), fear: recall('fear') },
    ece: round(result.calibration.ece, 3),
    /** `cross-fitted`: the model's camera-face correction was fitted on these photos; each person was scored by a fit on the others. */
    cameraOffset: result.cameraOffset.mode,
  };
}

const results = [];
for (const name of names) {
  const dir = resolve(modelDirFor(root, name));
  const manifest = readManifest(dir);
  process.stderr.write(`${name}: PublicTest…\n`);
  const evaluation = await evaluateModel({ data: values.data, usage: 'PublicTest', modelDir: dir, workerUrl });
  process.stderr.write(`${name}: photos, expressions and latency…\n`);
  const real = await photos(dir);
  const posed = await expressions(dir);
  const metricsFile = join(dir, 'metrics.json');
  if (values.write && posed && existsSync(metricsFile)) {
    const metrics = JSON.parse(readFileSync(metricsFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(metricsFile, `${JSON.stringify({ ...metrics, expressions: { data: 'posed photos of 13 people (../shared/data/expressions), the live path', ...posed } }, null, 2)}\n`);
  }
  results.push({
    model: manifest.name,
    displayName: manifest.displayName,
    inputSize: manifest.inputSize,
    flipTta: manifest.flipTta,
    publicTest: {
      accuracy: round(evaluation.accuracy),
      macroF1: round(evaluation.macroF1),
      disgustRecall: round(evaluation.perClass.disgust?.recall ?? 0),
      count: evaluation.count,
      imagesPerSecond: Math.round(evaluation.imagesPerSecond),
    },
    photos: real,
    expressions: posed,
    msPerFace: await measureLatency(dir),
    ...weightStats(manifest),
  });
}

if (values.markdown) {
  const pct = (v: number): string => `${(v * 100).toFixed(1)} %`;
  const lines = [
    '| model | PublicTest accuracy | macro-F1 | disgust recall | real photos | expressions: accuracy | macro-F1 | angry / disgust / fear recall | ECE | ms/face p50 | parameters | weights |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map((r) => {
      const x = r.expressions;
      const posed = x ? `${pct(x.accuracy)}${x.cameraOffset === 'cross-fitted' ? ' (cross-fitted)' : ''} | ${x.macroF1.toFixed(3)} | ${x.recall.angry.toFixed(2)} / ${x.recall.disgust.toFixed(2)} / ${x.recall.fear.toFixed(2)} | ${x.ece.toFixed(3)}` : 'n/a | n/a | n/a | n/a';
      return `| ${r.model}${r.flipTta ? ' (flip TTA)' : ''} | ${pct(r.publicTest.accuracy)} | ${r.publicTest.macroF1.toFixed(3)} | ${r.publicTest.disgustRecall.toFixed(2)} | ${r.photos ? `${r.photos.correct}/${r.photos.total}` : 'n/a'} | ${posed} | ${r.msPerFace.p50} | ${(r.parameters / 1e6).toFixed(2)} M | ${(r.weightBytes / 1e6).toFixed(1)} MB ${r.weightDtype} |`;
    }),
    '',
    `Backend: ${results[0]?.msPerFace.backend ?? 'n/a'}.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} else {
  process.stdout.write(`${JSON.stringify({ models: results }, null, 2)}\n`);
}
