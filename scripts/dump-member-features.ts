// node scripts/dump-member-features.ts [--data <photos>] [--labels <csv>] [--out <file>] — for each labelled photo
// with exactly one face through the live path (working-size frame, Haar face), what the default model's two
// networks make of it: emotune-vgg's and face-api-expression's probabilities and their last hidden layer (256
// numbers each), each member framing the face its own way, as the app does. For training/person_head.py, which
// asks whether a per-person head on those features beats calibrating the answers alone.
//
// Output (JSON): { rows: [{ file, expression, subject, faces, side, vgg: { p, h }, faceApi: { p, h } }] }; a photo
// without exactly one face has `faces` and nothing else (the live path counts it wrong).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FaceDetector, FrameAnalyzer, loadOpenCV } from '../src/main/camera/index.ts';
import { readPhotoLabels } from '../src/main/app/index.ts';
import { DEFAULT_FACE_FRAMING, preprocessFace } from '../src/main/emotion/preprocess.ts';
import { readModelFolder } from '../src/main/emotion/index.ts';
import { loadTfRuntime } from '../src/main/emotion/tf-runtime.ts';

const root = resolve(import.meta.dirname, '..');
const shared = resolve(root, '../shared/data/expressions');
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: shared },
    labels: { type: 'string', default: join(shared, 'labels.csv') },
    out: { type: 'string', default: resolve(root, '.cache/expressions-features.json') },
  },
});
const { tf, backend } = await loadTfRuntime('wasm');

/** A layers model (its folder and model file) with its last hidden layer as a second output. */
async function withHidden(dir: string, modelFile: string, layer: string): Promise<import('@tensorflow/tfjs').LayersModel> {
  const json = JSON.parse(readFileSync(join(dir, modelFile), 'utf8')) as import('@tensorflow/tfjs').io.ModelJSON;
  const groups = json.weightsManifest ?? [];
  const weights = Buffer.concat(groups.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p)))));
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: groups.flatMap((g) => g.weights), weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) }),
  );
  return tf.model({ inputs: model.inputs, outputs: [model.getLayer(layer).output as import('@tensorflow/tfjs').SymbolicTensor, model.outputs[0] as import('@tensorflow/tfjs').SymbolicTensor] });
}
// The default model's networks, each as its manifest says it reads a face; the output key and last hidden layer of each.
const HIDDEN: Record<string, { key: string; layer: string }> = {
  'emotune-vgg': { key: 'vgg', layer: 'activation_9' },
  'face-api-expression': { key: 'faceApi', layer: 'globalaveragepooling2d_1' },
};
const members = await Promise.all(
  readModelFolder(join(root, 'assets/models/emotune-duo')).networks.map(async ({ dir, manifest }) => {
    const hidden = HIDDEN[manifest.name];
    if (!hidden) throw new Error(`no hidden layer known for ${manifest.name}`);
    return { key: hidden.key, model: await withHidden(dir, manifest.modelFile, hidden.layer), size: manifest.inputSize, range: manifest.inputRange, framing: manifest.framing ?? DEFAULT_FACE_FRAMING };
  }),
);

const cv = loadOpenCV();
const rows: Record<string, unknown>[] = [];
for (const photo of readPhotoLabels(resolve(values.labels))) {
  const analyzed = await new FrameAnalyzer({ cv, detector: new FaceDetector(cv) }).analyze(await cv.imreadAsync(join(resolve(values.data), photo.file)));
  const row: Record<string, unknown> = { ...photo, faces: analyzed.faces.length };
  const face = analyzed.faces[0];
  if (analyzed.faces.length === 1 && face) {
    row.side = Math.max(face[2], face[3]);
    for (const m of members) {
      const input = preprocessFace(analyzed.gray, face, { inputSize: m.size, inputRange: m.range, framing: m.framing });
      const x = tf.tensor4d(input, [1, m.size, m.size, 1]);
      const [h, p] = m.model.predict(x) as import('@tensorflow/tfjs').Tensor[];
      row[m.key] = { p: Array.from(await (p as import('@tensorflow/tfjs').Tensor).data()), h: Array.from(await (h as import('@tensorflow/tfjs').Tensor).data()) };
      tf.dispose([x, h as import('@tensorflow/tfjs').Tensor, p as import('@tensorflow/tfjs').Tensor]);
    }
  }
  rows.push(row);
}
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, JSON.stringify({ backend, rows }));
process.stdout.write(`${JSON.stringify({ photos: rows.length, withOneFace: rows.filter((r) => r.faces === 1).length, out: values.out })}\n`);
