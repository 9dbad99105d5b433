import { parentPort } from 'node:worker_threads';
import { toErrorPayload } from '../../shared/errors.ts';
import type { FromEmotionWorker, ToEmotionWorker } from './emotion.protocol.ts';
import { load, type EmotionModel } from './models/tfjs-model.ts';
import { DEFAULT_FACE_FRAMING, preprocessFace, type FaceFraming } from './preprocess.ts';
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
    case 'classify': {
      if (!model) {
        send({ type: 'classify-failed', id: message.id, message: 'no model loaded' });
        return;
      }
      try {
        const { inputSize, inputRange } = model.manifest;
        const framing = message.framing ?? defaultFraming;
        const t0 = performance.now();
        const batch = new Float32Array(message.boxes.length * inputSize * inputSize);
        message.boxes.forEach((box, i) => {
          batch.set(preprocessFace(message.image, box, { inputSize, inputRange, framing }), i * inputSize * inputSize);
        });
        const t1 = performance.now();
        const out = message.boxes.length > 0 ? await model.predict(batch, message.boxes.length) : [];
        const t2 = performance.now();
        send({
          type: 'classified',
          id: message.id,
          probabilities: out.map((p) => Array.from(p)),
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
