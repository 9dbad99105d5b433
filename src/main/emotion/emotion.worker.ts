import { parentPort } from 'node:worker_threads';
import { toErrorPayload } from '../../shared/errors.ts';
import type { Box } from '../../shared/api/index.ts';
import { applyTemperature } from './calibration.ts';
import type { FromEmotionWorker, ToEmotionWorker } from './emotion.protocol.ts';
import { load, type EmotionModel } from './models/tfjs-model.ts';
import { DEFAULT_FACE_FRAMING, mirrorInput, preprocessFace, type FaceFraming, type GrayImage } from './preprocess.ts';
import { loadTfRuntime } from './tf-runtime.ts';

/**
 * The CNN's thread: loads TensorFlow.js and the model once, then classifies the faces of each frame it is
 * sent, so inference never blocks the main process. Messages are handled one at a time, in order.
 */
if (!parentPort) throw new Error('emotion.worker must run as a worker thread');
const port = parentPort;

let model: EmotionModel | null = null;
let defaultFraming: FaceFraming = DEFAULT_FACE_FRAMING;
const send = (message: FromEmotionWorker): void => port.postMessage(message);

let queue: Promise<void> = Promise.resolve();
port.on('message', (message: ToEmotionWorker) => {
  queue = queue.then(() => handle(message));
});

async function handle(message: ToEmotionWorker): Promise<void> {
  switch (message.type) {
    case 'load': {
      try {
        const runtime = await loadTfRuntime(message.backend);
        model?.dispose();
        model = await load(message.modelDir, runtime.tf);
        defaultFraming = message.framing ?? model.manifest.framing ?? DEFAULT_FACE_FRAMING;
        send({
          type: 'loaded',
          backend: runtime.backend,
          model: model.manifest.name,
          displayName: model.manifest.displayName,
          inputSize: model.manifest.inputSize,
          notes: runtime.notes,
        });
      } catch (error) {
        send({ type: 'load-failed', ...toErrorPayload(error) });
      }
      return;
    }
    case 'classify':
    case 'classify-images': {
      if (!model) {
        send({ type: 'classify-failed', id: message.id, message: 'no model loaded' });
        return;
      }
      try {
        const { inputSize, inputRange } = model.manifest;
        const framing = message.framing ?? defaultFraming;
        // The same preprocessing for live frames and evaluation: frame the box, resample, scale.
        const faces: [GrayImage, Box][] =
          message.type === 'classify'
            ? message.boxes.map((box) => [message.image, box])
            : message.images.map((image) => [image, [0, 0, image.width, image.height]]);
        const tta = model.manifest.flipTta;
        const area = inputSize * inputSize;
        const t0 = performance.now();
        // With flip TTA the batch holds each face, then all their mirror images.
        const batch = new Float32Array(faces.length * area * (tta ? 2 : 1));
        faces.forEach(([image, box], i) => {
          const input = preprocessFace(image, box, { inputSize, inputRange, framing });
          batch.set(input, i * area);
          if (tta) batch.set(mirrorInput(input, inputSize), (faces.length + i) * area);
        });
        const t1 = performance.now();
        const raw = faces.length > 0 ? await model.predict(batch, faces.length * (tta ? 2 : 1)) : [];
        const averaged = tta ? raw.slice(0, faces.length).map((p, i) => p.map((v, j) => (v + ((raw[faces.length + i] as Float32Array)[j] as number)) / 2)) : raw;
        // Calibrated: the shown confidence, the uncertain gate and the hysteresis all read these.
        const out = averaged.map((p) => applyTemperature(p, model?.manifest.temperature ?? 1));
        const t2 = performance.now();
        send({
          type: 'classified',
          id: message.id,
          probabilities: out,
          preprocessMs: t1 - t0,
          inferMs: t2 - t1,
        });
      } catch (error) {
        send({ type: 'classify-failed', id: message.id, message: (error as Error).message });
      }
      return;
    }
    case 'close':
      model?.dispose();
      model = null;
      port.close();
      return;
  }
}
