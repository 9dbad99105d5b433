import { Worker, type MessagePort } from 'node:worker_threads';
import { EmotuneError, toErrorPayload, type ErrorCode } from '../../../shared/errors.ts';
import type { ModelManifest } from '../model-manifest.ts';
import { loadTfRuntime } from '../tf-runtime.ts';
import { loadFaceMesh, type FaceMeshNetwork } from './face-mesh.ts';
import { load, type EmotionModel } from './tfjs-model.ts';

/**
 * Ensemble members in a thread of their own, so that an ensemble's networks run side by side on a machine with
 * more than one core instead of one after the other (a frame's way to a mood is then its slowest thread's time,
 * not the sum). The emotion worker starts one thread per spare core (at most one per member after the first),
 * from its own entry file with `workerData.role` set to `member` (`serveMember` then answers); a thread may host
 * several members, which then run one after the other there. Each is used as any loaded network. A face-geometry
 * head's face mesh (face-mesh.ts) may run in one too (`kind` "mesh").
 */
type ToMember =
  | { type: 'load'; key: number; dir: string; backend: 'auto' | 'wasm' | 'cpu'; kind: 'network' | 'mesh' }
  | { type: 'predict'; id: number; key: number; input: Float32Array; n: number };
type FromMember =
  | { type: 'loaded'; key: number; manifest: ModelManifest | null }
  | { type: 'load-failed'; key: number; code: ErrorCode; message: string }
  | { type: 'predicted'; id: number; outputs: Float32Array[] }
  | { type: 'predict-failed'; id: number; message: string };

/** What a member thread's `workerData` says. */
export const MEMBER_ROLE = 'member';

/** The member thread's side: loads the networks it is sent, then answers each batch in turn. */
export function serveMember(port: MessagePort): void {
  const models = new Map<number, EmotionModel | FaceMeshNetwork>();
  let queue: Promise<void> = Promise.resolve();
  const send = (message: FromMember, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  port.on('message', (message: ToMember) => {
    queue = queue.then(async () => {
      if (message.type === 'load') {
        try {
          const runtime = await loadTfRuntime(message.backend);
          if (message.kind === 'mesh') {
            models.set(message.key, await loadFaceMesh(message.dir, runtime.tf));
            send({ type: 'loaded', key: message.key, manifest: null });
          } else {
            const model = await load(message.dir, runtime.tf);
            models.set(message.key, model);
            send({ type: 'loaded', key: message.key, manifest: model.manifest });
          }
        } catch (error) {
          send({ type: 'load-failed', key: message.key, ...toErrorPayload(error) });
        }
        return;
      }
      try {
        const model = models.get(message.key);
        if (!model) throw new Error('no model loaded');
        const outputs = await model.predict(message.input, message.n);
        send({ type: 'predicted', id: message.id, outputs }, outputs.map((o) => o.buffer as ArrayBuffer));
      } catch (error) {
        send({ type: 'predict-failed', id: message.id, message: (error as Error).message });
      }
    });
  });
}

/** A member thread: networks loaded into it run there, one after the other. */
export interface MemberThread {
  /**
   * Loads a network there: an EmotionModel whose predictions run in the thread. Load failures are the same
   * `model-load-failed` errors as a local load's. If the thread dies, the predictions it had in hand fail and
   * later ones run on `fallback` (the same network loaded in the caller's thread, once), so losing the thread
   * costs speed, not answers.
   */
  load(dir: string, fallback: () => Promise<EmotionModel>): Promise<EmotionModel>;
  /** Loads a face mesh there (face-mesh.ts), with the same fallback if the thread dies. */
  loadMesh(dir: string, fallback: () => Promise<FaceMeshNetwork>): Promise<FaceMeshNetwork>;
}

/** Starts a member thread from `workerUrl` (the emotion worker's entry). It stops when every network loaded in it is disposed. */
export function startMemberThread(workerUrl: URL, backend: 'auto' | 'wasm' | 'cpu'): MemberThread {
  const worker = new Worker(workerUrl, { workerData: { role: MEMBER_ROLE } });
  worker.unref(); // the emotion worker's own port keeps it alive; its member threads never do
  const pending = new Map<number, { resolve(outputs: Float32Array[]): void; reject(error: Error): void }>();
  const loads = new Map<number, { resolve(manifest: ModelManifest | null): void; reject(error: Error): void }>();
  let nextId = 1;
  let nextKey = 1;
  let hosted = 0;
  let dead: Error | null = null;
  worker.on('message', (message: FromMember) => {
    switch (message.type) {
      case 'loaded':
      case 'load-failed': {
        const request = loads.get(message.key);
        loads.delete(message.key);
        if (message.type === 'loaded') request?.resolve(message.manifest);
        else request?.reject(new EmotuneError(message.code, message.message));
        return;
      }
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
    for (const request of loads.values()) request.reject(error);
    for (const request of pending.values()) request.reject(error);
    loads.clear();
    pending.clear();
  };
  worker.on('error', die);
  worker.on('exit', (code) => die(new Error(`member thread exited with code ${code}`)));
  const release = (): void => {
    hosted -= 1;
    if (hosted > 0) return;
    worker.removeAllListeners('exit');
    void worker.terminate();
  };

  /** Loads a network or a mesh in the thread; resolves with its manifest (null for a mesh) and a predictor that falls back to `fallback` once the thread is gone. */
  async function loadThere<T extends { predict(input: Float32Array, n: number): Promise<Float32Array[]>; dispose(): void }>(
    dir: string,
    kind: 'network' | 'mesh',
    fallback: () => Promise<T>,
  ): Promise<{ manifest: ModelManifest | null; predict: T['predict']; dispose(): void }> {
    const key = nextKey++;
    hosted += 1;
    let manifest: ModelManifest | null;
    try {
      if (dead) throw dead;
      manifest = await new Promise<ModelManifest | null>((resolve, reject) => {
        loads.set(key, { resolve, reject });
        worker.postMessage({ type: 'load', key, dir, backend, kind } satisfies ToMember);
      });
    } catch (error) {
      release();
      if (error instanceof EmotuneError) throw error;
      throw new EmotuneError('model-load-failed', `${kind === 'mesh' ? 'face mesh' : 'emotion model'} in ${dir}: its thread stopped (${(error as Error).message})`);
    }
    let local: Promise<T> | null = null;
    return {
      manifest,
      /** `input` is handed to the thread (transferred): the caller must not read it afterwards. */
      predict(input, n) {
        if (dead) return (local ??= fallback()).then((model) => model.predict(input, n));
        const id = nextId++;
        return new Promise<Float32Array[]>((resolve, reject) => {
          pending.set(id, { resolve, reject });
          worker.postMessage({ type: 'predict', id, key, input, n } satisfies ToMember, [input.buffer as ArrayBuffer]);
        });
      },
      dispose() {
        release();
        void local?.then((model) => model.dispose(), () => {});
      },
    };
  }

  return {
    async load(dir, fallback) {
      const { manifest, predict, dispose } = await loadThere(dir, 'network', fallback);
      return { manifest: manifest as ModelManifest, predict, dispose };
    },
    async loadMesh(dir, fallback) {
      const { predict, dispose } = await loadThere(dir, 'mesh', fallback);
      return { predict, dispose };
    },
  };
}
