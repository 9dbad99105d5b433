// node scripts/dump-teacher.ts --model <name|folder> [--usage Training] [--out <file>] — a model's answers (the
// app's own inference path: the emotion worker, each 48x48 FER-2013 image as its face box, members' temperatures
// and an ensemble's combination applied) on every row of one FER-2013 usage, in the CSV's order, for
// `training/train.py --teacher`: knowledge distillation of an ensemble into one network. Output: <out> (float32,
// rows x 7, FER-2013's class order) and <out>.json (model, usage, rows, backend).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { EMOTIONS } from '../src/shared/emotion.ts';
import { modelDirFor } from '../src/main/app/index.ts';
import { EmotionClassifier, readFerCsv, type FerUsage } from '../src/main/emotion/index.ts';
import type { GrayImage } from '../src/main/emotion/preprocess.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    usage: { type: 'string', default: 'Training' },
    data: { type: 'string', default: resolve(root, '../shared/data/fer2013/fer2013-train-publictest.csv.gz') },
    out: { type: 'string' },
  },
});
if (!values.model) {
  console.error('usage: node scripts/dump-teacher.ts --model <name|folder> [--usage Training] [--out FILE]');
  process.exit(2);
}
const USAGES = ['Training', 'PublicTest', 'PrivateTest'];
if (!USAGES.includes(values.usage)) {
  console.error(`--usage must be one of ${USAGES.join(', ')}, not ${values.usage}`);
  process.exit(2);
}
const out = resolve(values.out ?? join(root, '.cache', `teacher-${values.usage}.f32`));
const classifier = new EmotionClassifier({
  workerUrl: pathToFileURL(join(root, 'src/main/emotion/emotion.worker.ts')),
  modelDir: resolve(modelDirFor(root, values.model)),
});
try {
  const status = await classifier.ready();
  const probabilities: number[] = [];
  let batch: GrayImage[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const result = await classifier.classifyImages(batch, { scale: 1, shiftY: 0 });
    for (const p of result.probabilities) probabilities.push(...EMOTIONS.map((e) => p[e]));
    batch = [];
    process.stderr.write(`\r${probabilities.length / 7} rows`);
  };
  for await (const row of readFerCsv(resolve(values.data), values.usage as FerUsage)) {
    batch.push({ data: row.pixels, width: 48, height: 48 });
    if (batch.length >= 256) await flush();
  }
  await flush();
  process.stderr.write('\n');
  if (probabilities.length === 0) throw new Error(`no ${values.usage} rows in ${values.data}`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, Buffer.from(new Float32Array(probabilities).buffer));
  const info = { model: status.model, usage: values.usage, rows: probabilities.length / 7, backend: status.backend };
  writeFileSync(`${out}.json`, `${JSON.stringify(info, null, 2)}\n`);
  console.log(JSON.stringify({ ...info, out }));
} finally {
  await classifier.close();
}
