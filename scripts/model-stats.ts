// Measurements of an exported emotion model shared by model-card.ts and eval-models.ts.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE, ModelManifestSchema, type ModelManifest } from '../src/main/emotion/index.ts';
import { load } from '../src/main/emotion/models/tfjs-model.ts';
import { loadTfRuntime } from '../src/main/emotion/tf-runtime.ts';

const round2 = (v: number): number => Math.round(v * 100) / 100;

/** A model folder's emotune-model.json, checked by the app's own schema. */
export function readManifest(dir: string): ModelManifest {
  return ModelManifestSchema.parse(JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')));
}

/**
 * One face's inference time, in this thread, on the TensorFlow.js backend the app would pick: p50 / p95 of 200
 * single-face predictions after 20 warm-up runs.
 */
export async function measureLatency(dir: string): Promise<{ backend: string; p50: number; p95: number }> {
  const { tf, backend } = await loadTfRuntime('auto');
  const model = await load(dir, tf);
  const input = new Float32Array(model.manifest.inputSize ** 2).map((_, i) => (i % 97) / 97);
  for (let i = 0; i < 20; i += 1) await model.predict(input, 1);
  const times: number[] = [];
  for (let i = 0; i < 200; i += 1) {
    const t = performance.now();
    await model.predict(input, 1);
    times.push(performance.now() - t);
  }
  model.dispose();
  times.sort((a, b) => a - b);
  return { backend, p50: round2(times[100] as number), p95: round2(times[190] as number) };
}

interface WeightSpec {
  shape: number[];
  dtype?: string;
  quantization?: { dtype: string };
}

/**
 * Parameters, bytes on disk and stored precision of a model's weights, from its TensorFlow.js model file.
 * Graph models also hold small int32 shape tensors, which are not parameters.
 */
export function weightStats(dir: string, modelFile: string): { parameters: number; weightBytes: number; weightDtype: string } {
  const json = JSON.parse(readFileSync(join(dir, modelFile), 'utf8')) as { weightsManifest: { paths: string[]; weights: WeightSpec[] }[] };
  const floats = json.weightsManifest.flatMap((g) => g.weights).filter((w) => w.dtype !== 'int32');
  return {
    parameters: floats.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0),
    weightBytes: json.weightsManifest.flatMap((g) => g.paths).reduce((sum, p) => sum + statSync(join(dir, p)).size, 0),
    weightDtype: [...new Set(floats.map((w) => w.quantization?.dtype ?? w.dtype ?? 'float32'))].join('+'),
  };
}
