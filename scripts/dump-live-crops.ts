// node scripts/dump-live-crops.ts [--data <photos>] [--labels <csv>] [--out <file>] — the faces the live path
// would classify (working-size frame, Haar face, FER-2013 framing, 48x48 resample), written for training/'s
// Python to score checkpoints on real photos without exporting each one (training/expressions.py).
//
// Output: <out>.bin (N × 48 × 48 float32 in [0, 1], row-major) and <out>.json (file, expression, subject per
// face, and the photos without exactly one face, which the live path counts as wrong).
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FaceDetector, FrameAnalyzer, loadOpenCV } from '../src/main/camera/index.ts';
import { readPhotoLabels } from '../src/main/app/index.ts';
import { DEFAULT_FACE_FRAMING, preprocessFace } from '../src/main/emotion/preprocess.ts';

const shared = resolve(import.meta.dirname, '../../shared/data/expressions');
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: shared },
    labels: { type: 'string', default: join(shared, 'labels.csv') },
    out: { type: 'string', default: resolve(import.meta.dirname, '../.cache/expressions-crops') },
  },
});
const cv = loadOpenCV();

const photos = readPhotoLabels(resolve(values.labels));
const faces: Float32Array[] = [];
const rows: { file: string; expression: string; subject: string | null }[] = [];
const notOneFace: { file: string; expression: string; subject: string | null; faces: number }[] = [];
for (const photo of photos) {
  // A fresh analyser per photo: no tracking region carried over from the previous one.
  const fresh = new FrameAnalyzer({ cv, detector: new FaceDetector(cv) });
  const analyzed = await fresh.analyze(await cv.imreadAsync(join(resolve(values.data), photo.file)));
  if (analyzed.faces.length !== 1) {
    notOneFace.push({ ...photo, faces: analyzed.faces.length });
    continue;
  }
  faces.push(preprocessFace(analyzed.gray, analyzed.faces[0]!, { inputSize: 48, inputRange: [0, 1], framing: DEFAULT_FACE_FRAMING }));
  rows.push(photo);
}

mkdirSync(dirname(values.out), { recursive: true });
const blob = new Float32Array(faces.length * 48 * 48);
faces.forEach((f, i) => blob.set(f, i * 48 * 48));
writeFileSync(`${values.out}.bin`, Buffer.from(blob.buffer));
writeFileSync(`${values.out}.json`, `${JSON.stringify({ size: 48, photos: photos.length, faces: rows, notOneFace }, null, 1)}\n`);
process.stdout.write(`${JSON.stringify({ photos: photos.length, faces: rows.length, notOneFace: notOneFace.length, out: values.out })}\n`);
