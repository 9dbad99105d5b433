import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { EmotuneError } from '../../../shared/errors.ts';
import { MANIFEST_FILE, ModelManifestSchema, type ModelManifest } from '../model-manifest.ts';
import type { Tf } from '../tf-runtime.ts';

/** A loaded emotion model: batch in (n faces, preprocessed), class probabilities out. */
export interface EmotionModel {
  readonly manifest: ModelManifest;
  /** `input` holds n * inputSize² floats; returns n vectors of 7 probabilities (FER-2013 order). */
  predict(input: Float32Array, n: number): Promise<Float32Array[]>;
  dispose(): void;
}

/**
 * Loads a TensorFlow.js model folder (graph or layers format) described by its emotune-model.json, from disk,
 * without tfjs-node's file handler. Every failure (missing file, bad JSON, wrong shapes, truncated weights)
 * becomes a `model-load-failed` error naming the folder. `known`: the folder's manifest, where the caller has
 * already read it.
 */
export async function load(dir: string, tf: Tf, known?: ModelManifest): Promise<EmotionModel> {
  const folder = resolve(dir);
  const fail = (message: string, cause?: unknown): never => {
    throw new EmotuneError('model-load-failed', `emotion model in ${folder}: ${message}`, { cause });
  };
  let manifest: ModelManifest;
  try {
    manifest = known ?? ModelManifestSchema.parse(JSON.parse(await readFile(join(folder, MANIFEST_FILE), 'utf8')));
  } catch (error) {
    return fail(`${MANIFEST_FILE} is missing or invalid (${(error as Error).message})`, error);
  }
  let model: import('@tensorflow/tfjs').GraphModel | import('@tensorflow/tfjs').LayersModel;
  try {
    const handler = tf.io.fromMemory(await readModelArtifacts(folder, manifest.modelFile, tf));
    model = manifest.format === 'graph-model' ? await tf.loadGraphModel(handler) : await tf.loadLayersModel(handler);
  } catch (error) {
    return fail((error as Error).message, error);
  }
  const size = manifest.inputSize;
  const run = (input: Float32Array, n: number): import('@tensorflow/tfjs').Tensor =>
    tf.tidy(() => {
      const x = tf.tensor4d(input, [n, size, size, 1]);
      const y = model.predict(x) as import('@tensorflow/tfjs').Tensor;
      return manifest.outputIsProbability ? y : tf.softmax(y);
    });
  // A dry run proves the graph accepts the declared input and yields 7 classes.
  try {
    const probe = run(new Float32Array(size * size), 1);
    const shape = probe.shape;
    probe.dispose();
    if (shape.at(-1) !== 7) fail(`model outputs shape [${shape.join(', ')}], expected [n, 7]`);
  } catch (error) {
    if (error instanceof EmotuneError) throw error;
    fail(`model does not accept ${size}x${size}x1 input: ${(error as Error).message}`, error);
  }
  return {
    manifest,
    async predict(input, n) {
      const y = run(input, n);
      const data = (await y.data()) as Float32Array;
      y.dispose();
      return Array.from({ length: n }, (_, i) => data.slice(i * 7, i * 7 + 7));
    },
    dispose() {
      model.dispose();
    },
  };
}

/**
 * A TensorFlow.js model file (`modelFile`, in `folder`) and its weights read from disk, without tfjs-node's file
 * handler: the weight files must stay in the folder, whatever the model file says, and hold exactly the bytes
 * its weight specs need (a truncated or padded file is an error, not a silently wrong model).
 */
export async function readModelArtifacts(folder: string, modelFile: string, tf: Tf): Promise<import('@tensorflow/tfjs').io.ModelArtifacts> {
  const json = JSON.parse(await readFile(join(folder, modelFile), 'utf8')) as import('@tensorflow/tfjs').io.ModelJSON;
  return tf.io.getModelArtifactsForJSON(json, async (groups) => {
    const specs = groups.flatMap((g) => g.weights);
    const inFolder = (p: string): string => {
      const file = resolve(folder, p);
      if (dirname(file) !== folder) throw new Error(`weights path ${p} leaves the model folder`);
      return file;
    };
    const buffers = await Promise.all(groups.flatMap((g) => g.paths.map((p) => readFile(inFolder(p)))));
    const all = Buffer.concat(buffers);
    const expected = specs.reduce((sum, s) => sum + byteSize(s), 0);
    if (all.byteLength !== expected) {
      throw new Error(`weights are ${all.byteLength} bytes, the manifest needs ${expected}`);
    }
    return [specs, all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength)];
  });
}

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1, float16: 2, uint8: 1, uint16: 2 };

function byteSize(spec: import('@tensorflow/tfjs').io.WeightsManifestEntry): number {
  const count = spec.shape.reduce((a, b) => a * b, 1);
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  return count * (BYTES_PER_ELEMENT[dtype] ?? 4);
}
