// npm run bench:vision [-- --models a,b] [-- --serial] [-- --photo-scale 0.4] — time the live path per stage on 640x480 frames with a face, for each
// shipped model (or the named ones: names in assets/models or paths to model folders, e.g. an export being
// tried before it ships), on the TensorFlow.js backend that loads here. Prints JSON on stdout.
//
// Frames come from the demo camera video (real face photos, MJPEG), read with OpenCV's VideoCapture as a
// webcam is. Stages: capture (decode one frame), detect (scale + grey + Haar), preprocess and infer (inside
// the emotion worker), total (capture to probabilities back on the main thread, messaging included). An
// ensemble's networks run side by side, each in a thread of its own, where the machine has more than one core
// (as in the app); --serial runs them one after the other, for comparison. --photo-scale shrinks the photos
// within the frame (a listener further from the camera): `facePx` says how large the faces were, which decides
// which of an ensemble's networks run (a member may count only on large faces, or only on small ones). --shape
// also measures each face's shape, as the app does for a listener calibrated with a model that has a
// face-geometry head (measured after each answer, off its way to a mood: the next frame's answer waits for it
// only when that frame comes sooner than the camera's). --fps paces the frames as the camera does (its
// analysis rate, 8 a second by default), instead of one straight after another.
import { readdirSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { FaceDetector, FrameAnalyzer, loadOpenCV } from '../src/main/camera/index.ts';
import { modelDirFor } from '../src/main/app/index.ts';
import { EmotionClassifier, memberThreadsByDefault } from '../src/main/emotion/index.ts';
import { makeCameraVideo } from '../src/main/testing/camera-video.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    faces: { type: 'string', default: resolve(root, '../shared/data/faces') },
    models: { type: 'string' },
    serial: { type: 'boolean', default: false },
    'photo-scale': { type: 'string', default: '1' },
    shape: { type: 'boolean', default: false },
    fps: { type: 'string', default: '0' },
  },
});
if (!existsSync(values.faces)) {
  process.stderr.write(`bench:vision needs the face photos of ../shared/data/faces (looked in ${values.faces})\n`);
  process.exit(1);
}

const quantiles = (samples: number[]): { p50: number; p95: number; mean: number } => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const round = (v: number): number => Math.round(v * 100) / 100;
  return { p50: round(at(0.5)), p95: round(at(0.95)), mean: round(samples.reduce((a, b) => a + b, 0) / samples.length) };
};

const dir = mkdtempSync(join(tmpdir(), 'emotune-bench-'));
try {
  const video = join(dir, 'camera.avi');
  makeCameraVideo(video, { facesDir: values.faces, secondsPerPhoto: 2, fps: 10, photoScale: Number(values['photo-scale']) });
  const cv = loadOpenCV();
  // As the live camera runs it: tracking the face, a whole-frame scan every 8th frame.
  const analyzer = new FrameAnalyzer({ cv, detector: new FaceDetector(cv), trackEvery: 8 });
  const frames = Number(values.frames);
  const warmup = Number(values.warmup);
  const modelsDir = join(root, 'assets', 'models');
  const results = [];
  let backend = 'unknown';
  const chosen = values.models?.split(',') ?? readdirSync(modelsDir).filter((m) => existsSync(join(modelsDir, m, 'emotune-model.json')));
  for (const name of chosen) {
    const modelDir = resolve(modelDirFor(root, name));
    const model = name.includes('/') ? basename(modelDir) : name;
    const classifier = new EmotionClassifier({
      workerUrl: pathToFileURL(join(root, 'src/main/emotion/emotion.worker.ts')),
      modelDir,
      ...(values.serial ? { memberThreads: 0 } : {}),
    });
    const status = await classifier.ready();
    backend = status.backend ?? backend;
    const samples = { capture: [] as number[], detect: [] as number[], preprocess: [] as number[], infer: [] as number[], mesh: [] as number[], total: [] as number[] };
    const facePx: number[] = [];
    let capture = new cv.VideoCapture(video);
    let withFace = 0;
    const period = Number(values.fps) > 0 ? 1000 / Number(values.fps) : 0;
    let slot = performance.now();
    for (let i = 0; i < warmup + frames; i += 1) {
      // Paced as the camera's analysis rate (--fps): each frame in its own slot.
      const wait = slot - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      slot = Math.max(slot, performance.now()) + period;
      const t0 = performance.now();
      let frame = await capture.readAsync();
      if (frame.empty) {
        capture.release();
        capture = new cv.VideoCapture(video);
        frame = await capture.readAsync();
      }
      const t1 = performance.now();
      const analyzed = await analyzer.analyze(frame);
      const t2 = performance.now();
      const face = analyzed.faces.slice(0, 1);
      const result = await classifier.classify(analyzed.gray, face, undefined, values.shape ? { shape: 'after' } : {});
      const t3 = performance.now();
      if (i < warmup) continue;
      if (face.length > 0) {
        withFace += 1;
        facePx.push(Math.max(face[0]?.[2] ?? 0, face[0]?.[3] ?? 0));
      }
      samples.capture.push(t1 - t0);
      samples.detect.push(t2 - t1);
      samples.preprocess.push(result.preprocessMs);
      samples.infer.push(result.inferMs);
      samples.mesh.push(result.meshMs);
      samples.total.push(t3 - t0);
    }
    capture.release();
    await classifier.close();
    results.push({
      model,
      inputSize: status.inputSize,
      framesWithFace: withFace,
      facePx: facePx.length > 0 ? quantiles(facePx) : null,
      ms: Object.fromEntries(Object.entries(samples).map(([stage, s]) => [stage, quantiles(s)])),
    });
  }
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'vision',
        backend,
        frame: `640x480 BGR, MJPEG video of ../shared/data/faces London portraits${values['photo-scale'] === '1' ? '' : ` at ${values['photo-scale']} of their size`}`,
        frames,
        pacing: Number(values.fps) > 0 ? `${values.fps} frames a second, as the camera's analysis rate` : 'one frame straight after another',
        shape: values.shape ? 'measured (a calibrated listener, models with a face-geometry head)' : 'not measured',
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        ensembleMembers: values.serial ? 'one after the other (--serial)' : memberThreadsByDefault() > 0 ? `side by side, in up to ${memberThreadsByDefault() + 1} threads` : 'one after the other (one core)',
        node: process.version,
        models: results,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
