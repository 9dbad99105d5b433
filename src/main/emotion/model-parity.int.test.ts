import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { load } from './models/tfjs-model.ts';
import { loadTfRuntime, type Tf } from './tf-runtime.ts';

// Every model exported from PyTorch (training/export_tfjs.py) ships parity.json: fixed inputs and PyTorch's
// probabilities for them. The exported TensorFlow.js model must reproduce them, so a layout mistake (NCHW vs
// NHWC flatten order, kernel transposes, batch-norm epsilon) cannot slip through. EMOTUNE_PARITY_DIRS
// (colon-separated) adds folders, e.g. a fresh export before it is copied into assets/models.
const MODELS_DIR = resolve(import.meta.dirname, '../../../assets/models');
const dirs = [
  ...readdirSync(MODELS_DIR)
    .map((name) => join(MODELS_DIR, name))
    .filter((dir) => existsSync(join(dir, 'parity.json'))),
  ...(process.env.EMOTUNE_PARITY_DIRS ?? '').split(':').filter(Boolean),
];

interface Parity {
  tolerance: number;
  inputs: number[][];
  expected: number[][];
}

describe.skipIf(dirs.length === 0)('exported models reproduce PyTorch', () => {
  let tf: Tf;
  beforeAll(async () => {
    tf = (await loadTfRuntime('auto')).tf;
  });

  it.each(dirs)('%s', async (dir) => {
    const parity = JSON.parse(readFileSync(join(dir, 'parity.json'), 'utf8')) as Parity;
    const model = await load(dir, tf);
    const input = Float32Array.from(parity.inputs.flat());
    const output = await model.predict(input, parity.inputs.length);
    model.dispose();
    let maxDiff = 0;
    output.forEach((row, i) => row.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - (parity.expected[i]?.[j] ?? NaN))))));
    expect(maxDiff).toBeLessThanOrEqual(Math.max(parity.tolerance, 1e-4));
    expect(parity.tolerance).toBeLessThanOrEqual(1e-3);
  });
});
if (dirs.length === 0) console.warn('skipped: no exported model with parity.json in assets/models yet');
