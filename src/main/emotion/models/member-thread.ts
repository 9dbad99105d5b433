import { Worker, type MessagePort } from 'node:worker_threads';
import { EmotuneError, toErrorPayload, type ErrorCode } from '../../../shared/errors.ts';
import type { ModelManifest } from '../model-manifest.ts';
import { loadTfRuntime } from '../tf-runtime.ts';
import { load, type EmotionModel } from './tfjs-model.ts';

/**
 * An ensemble member in a thread of its own, so that an ensemble's networks run side by side on a machine with
 * more than one core instead of one after the other (a frame's way to a mood is then its slowest member's time,
 * not the sum). The emotion worker starts one per member after the first, from its own entry file with
 * `workerData.role` set to `member` (`serveMember` then answers), and uses it as any loaded network.
 */
type ToMember = { type: 'load'; dir: string; backend: 'auto' | 'wasm' | 'cpu' } | { type: 'predict'; id: number; input: Float32Array; n: number };
type FromMember =
  | { type: 'loaded'; manifest: ModelManifest }
  | { type: 'load-failed'; code: ErrorCode; message: string }
  | { type: 'predicted'; id: number; outputs: Float32Array[] }
  | { type: 'predict-failed'; id: number; message: string };

/** What a member thread's `workerData` says. */
export const MEMBER_ROLE = 'member';

/** The member thread's side: loads one network, then answers each batch in turn. */
export function serveMember(port: MessagePort): void {
  let model: EmotionModel | null = null;
  let queue: Promise<void> = Promise.resolve();
  const send = (message: FromMember, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  port.on('message', (message: ToMember) => {
    queue = queue.then(async () => {
      if (message.type === 'load') {
        try {
          const runtime = await loadTfRuntime(message.backend);
          model = await load(message.dir, runtime.tf);
          send({ type: 'loaded', manifest: model.manifest });
        } catch (error) {
          send({ type: 'load-failed', ...toErrorPayload(error) });
        }
        return;
      }
      try {
        if (!model) throw new Error('no model loaded');
        const outputs = await model.predict(message.input, message.n);
        send({ type: 'predicted', id: message.id, outputs }, outputs.map((o) => o.buffer as ArrayBuffer));
      } catch (error) {
        send({ type: 'predict-failed', id: message.id, message: (error as Error).message });
      }
    });
  });
}

/**
 * A network loaded in a member thread started from `workerUrl` (the emotion worker's entry): an EmotionModel
 * whose predictions run there. Load failures are the same `model-load-failed` errors as a local load's. A
 * thread that dies fails the predictions it had in hand; later ones run on `fallback` (the same network loaded
 * in the caller's thread, once), so losing the thread costs speed, not answers.
 */
export async function loadInThread(dir: string, backend: 'auto' | 'wasm' | 'cpu', workerUrl: URL, fallback: () => Promise<EmotionModel>): Promise<EmotionModel> {
  const worker = new Worker(workerUrl, { workerData: { role: MEMBER_ROLE } });
  worker.unref(); // the emotion worker's own port keeps it alive; its member threads never do
  const pending = new Map<number, { resolve(outputs: Float32Array[]): void; reject(error: Error): void }>();
  let nextId = 1;
  let dead: Error | null = null;
  let local: Promise<EmotionModel> | null = null;
  const loaded = new Promise<{ manifest: ModelManifest }>((resolve, reject) => {
    worker.on('message', (message: FromMember) => {
      switch (message.type) {
        case 'loaded':
          return resolve(message);
        case 'load-failed':
          return reject(new EmotuneError(message.code, message.message));
        case 'predicted':
        case 'predict-failed': {
          const request = pending.get(message.id);
          pending.delete(message.id);
          if (message.type === 'predicted') request?.resolve(message.outputs);
          else request?.reject(new Error(message.message));
          return;
        }
      }
    });
    const die = (error: Error): void => {
      dead = error;
      reject(new EmotuneError('model-load-failed', `emotion model in ${dir}: its thread stopped (${error.message})`));
      for (const request of pending.values()) request.reject(error);
      pending.clear();
    };
    worker.on('error', die);
    worker.on('exit', (code) => die(new Error(`member thread exited with code ${code}`)));
  });
  worker.postMessage({ type: 'load', dir, backend } satisfies ToMember);
  let manifest: ModelManifest;
  try {
    ({ manifest } = await loaded);
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  return {
    manifest,
    /** `input` is handed to the thread (transferred): the caller must not read it afterwards. */
    predict(input, n) {
      if (dead) return (local ??= fallback()).then((model) => model.predict(input, n));
      const id = nextId++;
      return new Promise<Float32Array[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ type: 'predict', id, input, n } satisfies ToMember, [input.buffer as ArrayBuffer]);
      });
    },
    dispose() {
      worker.removeAllListeners('exit');
      void worker.terminate();
      void local?.then((model) => model.dispose(), () => {});
    },
  };
}
