// node scripts/model-card.ts <assets/models/NAME> [--run training/runs/X] [--data fer2013.csv.gz] [--metrics-only]
//
// Measures an exported emotion model the way the app runs it and writes its MODEL_CARD.md and metrics.json:
// PublicTest accuracy, macro-F1 and per-class scores through `emotune eval`'s path, inference latency per
// face on the backend in use, parameters and weight size, and the training recipe and history when the run
// folder is given. Prints the metrics as JSON. --metrics-only writes metrics.json alone (for a model whose card is
// written by hand, as the mini-Xception baseline's is).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { evaluateModel } from '../src/main/app/index.ts';
import { MANIFEST_FILE } from '../src/main/emotion/index.ts';
import { measureLatency, readManifest, weightStats } from './model-stats.ts';

const root = resolve(import.meta.dirname, '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    run: { type: 'string' },
    'metrics-only': { type: 'boolean', default: false },
    data: { type: 'string', default: resolve(root, '../shared/data/fer2013/fer2013-train-publictest.csv.gz') },
  },
});
const dir = resolve(positionals[0] ?? '');
if (!existsSync(join(dir, MANIFEST_FILE))) {
  process.stderr.write('usage: node scripts/model-card.ts <model folder with emotune-model.json> [--run DIR]\n');
  process.exit(2);
}
const manifest = readManifest(dir);
const evaluation = await evaluateModel({
  data: values.data,
  usage: 'PublicTest',
  modelDir: dir,
  workerUrl: pathToFileURL(join(root, 'src/main/emotion/emotion.worker.ts')),
});

const latency = await measureLatency(dir);
const { backend } = latency;
const { parameters, weightBytes, weightDtype } = weightStats(manifest);
const run = values.run ? resolve(values.run) : null;
const config = run && existsSync(join(run, 'config.json')) ? JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')) : null;
const history = run && existsSync(join(run, 'history.json')) ? (JSON.parse(readFileSync(join(run, 'history.json'), 'utf8')) as { epoch: number; publicTestAccuracy: number; precision?: string }[]) : [];
const best = history.reduce<{ epoch: number; publicTestAccuracy: number } | null>((b, h) => (!b || h.publicTestAccuracy > b.publicTestAccuracy ? h : b), null);
const round = (v: number, d = 4): number => Math.round(v * 10 ** d) / 10 ** d;
const metrics = {
  model: manifest.name,
  publicTest: {
    accuracy: round(evaluation.accuracy),
    macroF1: round(evaluation.macroF1),
    perClass: evaluation.perClass,
    confusion: evaluation.confusion,
    count: evaluation.count,
  },
  latencyMsPerFace: { backend, p50: latency.p50, p95: latency.p95 },
  parameters,
  weightBytes,
  weightDtype,
  training: config ? { recipe: config, epochs: history.length, bestEpoch: best?.epoch ?? null } : null,
};
writeFileSync(join(dir, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
if (values['metrics-only']) {
  process.stdout.write(`${JSON.stringify(metrics, null, 2)}\n`);
  process.exit(0);
}
const pct = (v: number): string => `${(v * 100).toFixed(1)} %`;
const perClass = Object.entries(evaluation.perClass)
  .map(([emotion, m]) => `| ${emotion} | ${pct(m.precision)} | ${pct(m.recall)} | ${m.f1.toFixed(3)} | ${m.support} |`)
  .join('\n');
writeFileSync(
  join(dir, 'MODEL_CARD.md'),
  `# ${manifest.displayName}

Written by \`node scripts/model-card.ts ${positionals[0]}${values.run ? ` --run ${values.run}` : ''}\`; the figures are in metrics.json.

| | |
| --- | --- |
| Data | FER-2013: trained on Training (28,709 faces), the epoch chosen on PublicTest (3,589); PrivateTest never used |
| Input | ${manifest.inputSize}x${manifest.inputSize} grey face, pixels / 255 |
| Recipe | ${config ? `\`${config.recipe}\` (training/train.py): ${config.model}, ${config.optimizer} lr ${config.lr}, batch ${config.batch}, ${config.epochs} epochs, schedule ${config.schedule}, label smoothing ${config.label_smoothing}, class balance ${config.balance}, random erasing ${config.erasing}, ${config.weight_init === 'keras' ? "Keras's default initialisation (Glorot-uniform, zero biases)" : "PyTorch's default initialisation"}${config.init ? `, started from the weights of ${config.init}` : ''}` : 'see training/README.md'} |
| Epochs run | ${history.length || 'n/a'}${best ? ` (best PublicTest epoch: ${best.epoch})` : ''} |
| Parameters | ${parameters.toLocaleString('en')} (${(weightBytes / 1e6).toFixed(1)} MB of ${weightDtype} weights) |
| Training arithmetic | ${history[0]?.precision === 'bf16' ? 'bf16 autocast (PyTorch); checkpoints and evaluation in fp32' : 'fp32'} |
| PublicTest accuracy | **${pct(evaluation.accuracy)}** |
| PublicTest macro-F1 | **${evaluation.macroF1.toFixed(3)}** |
| Latency per face | ${metrics.latencyMsPerFace.p50} ms p50, ${metrics.latencyMsPerFace.p95} ms p95 (${backend} backend, one thread) |

| class | precision | recall | F1 | support |
| --- | --- | --- | --- | --- |
${perClass}

Exported from PyTorch by training/export_tfjs.py; parity.json holds fixed inputs with PyTorch's outputs, and
src/main/emotion/model-parity.int.test.ts checks this export reproduces them.
${existsSync(join(dir, 'NOTES.md')) ? `\n${readFileSync(join(dir, 'NOTES.md'), 'utf8')}` : ''}`,
);
process.stdout.write(`${JSON.stringify(metrics, null, 2)}\n`);
