// Measurements of an exported emotion model shared by model-card.ts and eval-models.ts.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readModelFolder, type ModelManifest } from '../src/main/emotion/index.ts';
import { loadModel } from '../src/main/emotion/models/load-model.ts';
import { loadTfRuntime } from '../src/main/emotion/tf-runtime.ts';

const round2 = (v: number): number => Math.round(v * 100) / 100;

/** A model folder as the tables describe it: one network, or an ensemble of sibling ones. */
export interface ModelDescription {
  name: string;
  displayName: string;
  /** The largest input of its networks. */
  inputSize: number;
  flipTta: boolean;
  /** Its networks: folder and manifest (one for a network, the members for an ensemble). */
  networks: { dir: string; manifest: ModelManifest }[];
}

/** A model folder's emotune-model.json, checked by the app's own schema, with its networks'. */
export function readManifest(dir: string): ModelDescription {
  const { manifest, networks } = readModelFolder(dir);
  return {
    name: manifest.name,
    displayName: manifest.displayName,
    inputSize: Math.max(...networks.map((n) => n.manifest.inputSize)),
    flipTta: networks.some((n) => n.manifest.flipTta),
    networks,
  };
}

/**
 * One face's inference time, in this thread, on the TensorFlow.js backend the app would pick: p50 / p95 of 200
 * single-face predictions after 20 warm-up runs (an ensemble's: all its networks, one after another).
 */
export async function measureLatency(dir: string): Promise<{ backend: string; p50: number; p95: number }> {
  const { tf, backend } = await loadTfRuntime('auto');
  const model = await loadModel(dir, tf);
  const inputs = model.members.map((m) => new Float32Array(m.model.manifest.inputSize ** 2).map((_, i) => (i % 97) / 97));
  const once = async (): Promise<void> => {
    for (const [i, m] of model.members.entries()) await m.model.predict(inputs[i] as Float32Array, 1);
  };
  for (let i = 0; i < 20; i += 1) await once();
  const times: number[] = [];
  for (let i = 0; i < 200; i += 1) {
    const t = performance.now();
    await once();
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
 * Parameters, bytes on disk and stored precision of a model's weights, from its TensorFlow.js model files (an
 * ensemble's: all its networks'). Graph models also hold small int32 shape tensors, which are not parameters.
 */
export function weightStats(model: ModelDescription): { parameters: number; weightBytes: number; weightDtype: string } {
  const stats = model.networks.map(({ dir, manifest }) => {
    const json = JSON.parse(readFileSync(join(dir, manifest.modelFile), 'utf8')) as { weightsManifest: { paths: string[]; weights: WeightSpec[] }[] };
    const floats = json.weightsManifest.flatMap((g) => g.weights).filter((w) => w.dtype !== 'int32');
    return {
      parameters: floats.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0),
      weightBytes: json.weightsManifest.flatMap((g) => g.paths).reduce((sum, p) => sum + statSync(join(dir, p)).size, 0),
      dtypes: floats.map((w) => w.quantization?.dtype ?? w.dtype ?? 'float32'),
    };
  });
  return {
    parameters: stats.reduce((sum, s) => sum + s.parameters, 0),
    weightBytes: stats.reduce((sum, s) => sum + s.weightBytes, 0),
    weightDtype: [...new Set(stats.flatMap((s) => s.dtypes))].join('+'),
  };
}
