import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Box } from '../../shared/api/index.ts';
import { toProbabilities, type Probabilities } from '../../shared/emotion.ts';
import { EmotuneError } from '../../shared/errors.ts';
import type { FromEmotionWorker, ToEmotionWorker } from './emotion.protocol.ts';
import type { FaceFraming, GrayImage } from './preprocess.ts';

export interface ClassifierStatus {
  state: 'loading' | 'ready' | 'failed';
  backend: string | null;
  model: string | null;
  displayName: string | null;
  inputSize: number | null;
  message: string | null;
}

export interface EmotionClassifierDeps {
  /** The worker's entry: emotion.worker.js next to the built main bundle, or the .ts source in tests. */
  workerUrl: URL;
  modelDir: string;
  backend?: 'auto' | 'wasm' | 'cpu';
  /** Overrides the model's face framing (evaluation of pre-cropped faces uses scale 1). */
  framing?: FaceFraming;
  /** False: answers without the model's camera-face correction (to fit it, or to cross-fit it in evaluations). */
  cameraOffset?: boolean;
  /** A face mesh folder to measure faces' shapes with, where the model has no face-geometry head (scripts/fit-geometry-head.ts). */
  faceMeshDir?: string;
  /**
   * How many threads an ensemble's networks after the first may use, beside the worker's own (0: all one after
   * the other in the worker). Default: one per spare core (memberThreadsByDefault).
   */
  memberThreads?: number;
  onStatus?(status: ClassifierStatus): void;
}

/** How many member threads an ensemble gets unless told otherwise: one per core beyond the worker's own. */
export function memberThreadsByDefault(): number {
  return Math.max(0, availableParallelism() - 1);
}

export interface Classification {
  probabilities: Probabilities[];
  /** Per face: the members' combined answer before the camera correction, and the face's shape where measured (classify's `geometry`). */
  faces: { combined: number[]; geometry: number[] | null }[];
  preprocessMs: number;
  inferMs: number;
  /** Time spent measuring faces' shapes (0 when not asked). */
  meshMs: number;
}

/**
 * The main side's handle on the emotion worker: starts it, loads the model, and turns request/response
 * messages into promises. If the worker dies, pending requests fail and the status says why.
 */
export class EmotionClassifier {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve(c: Classification): void; reject(e: Error): void }>();
  readonly #ready: Promise<ClassifierStatus>;
  readonly #onStatus: (status: ClassifierStatus) => void;
  #nextId = 1;
  #closed = false;
  #status: ClassifierStatus = {
    state: 'loading',
    backend: null,
    model: null,
    displayName: null,
    inputSize: null,
    message: null,
  };

  constructor(deps: EmotionClassifierDeps) {
    this.#onStatus = deps.onStatus ?? (() => {});
    this.#worker = new Worker(deps.workerUrl);
    this.#worker.unref();
    this.#ready = new Promise<ClassifierStatus>((resolve, reject) => {
      this.#worker.on('message', (message: FromEmotionWorker) => {
        switch (message.type) {
          case 'loaded':
            this.#setStatus({
              state: 'ready',
              backend: message.backend,
              model: message.model,
              displayName: message.displayName,
              inputSize: message.inputSize,
              message: message.notes.length > 0 ? message.notes.join('; ') : null,
            });
            resolve(this.#status);
            break;
          case 'load-failed':
            this.#setStatus({ ...this.#status, state: 'failed', message: message.message });
            reject(new EmotuneError('model-load-failed', message.message));
            break;
          case 'classified':
            this.#settle(message.id, (p) =>
              p.resolve({
                probabilities: message.probabilities.map((v) => toProbabilities(v)),
                faces: message.combined.map((combined, i) => ({ combined, geometry: message.geometry[i] ?? null })),
                preprocessMs: message.preprocessMs,
                inferMs: message.inferMs,
                meshMs: message.meshMs,
              }),
            );
            break;
          case 'classify-failed':
            this.#settle(message.id, (p) => p.reject(new EmotuneError('internal', message.message)));
            break;
        }
      });
      const die = (error: Error): void => {
        if (this.#closed) return;
        const text = `emotion worker stopped: ${error.message}`;
        this.#setStatus({ ...this.#status, state: 'failed', message: text });
        reject(new EmotuneError('model-load-failed', text));
        for (const p of this.#pending.values()) p.reject(new EmotuneError('internal', text));
        this.#pending.clear();
      };
      this.#worker.on('error', die);
      this.#worker.on('exit', (code) => die(new Error(`exit code ${code}`)));
    });
    this.#ready.catch(() => {});
    this.#post({
      type: 'load',
      modelDir: deps.modelDir,
      backend: deps.backend ?? 'auto',
      framing: deps.framing ?? null,
      cameraOffset: deps.cameraOffset ?? true,
      memberThreads: deps.memberThreads ?? memberThreadsByDefault(),
      faceMeshDir: deps.faceMeshDir ?? null,
    });
  }

  get status(): ClassifierStatus {
    return this.#status;
  }

  /** Resolves once the model is loaded; rejects with `model-load-failed`. */
  ready(): Promise<ClassifierStatus> {
    return this.#ready;
  }

  /**
   * Classifies the faces (boxes in the image's pixels) of one grey frame. `shape`: also measure the shape of
   * each camera-sized face, for a model with a face-geometry head (a calibrated listener's faces): `now`, before
   * answering (photos); `after`, once the answer is sent, off the frame's way to a mood (a camera's frames: the
   * answer then carries the shape measured on the previous frame's face, where it is the same face).
   */
  classify(image: GrayImage, boxes: Box[], framing?: FaceFraming, options: { shape?: 'now' | 'after' } = {}): Promise<Classification> {
    return this.#request((id) => ({ type: 'classify', id, image, boxes, framing: framing ?? null, shape: options.shape ?? null }));
  }

  /**
   * Classifies whole images, each one face (evaluation on pre-cropped datasets such as FER-2013), through
   * the same preprocessing as live frames. Pass framing { scale: 1, shiftY: 0 } to read each image as it is.
   */
  classifyImages(images: GrayImage[], framing?: FaceFraming): Promise<Classification> {
    return this.#request((id) => ({ type: 'classify-images', id, images, framing: framing ?? null }));
  }

  async #request(build: (id: number) => ToEmotionWorker): Promise<Classification> {
    await this.#ready;
    if (this.#status.state !== 'ready') throw new EmotuneError('model-load-failed', this.#status.message ?? 'no model');
    const id = this.#nextId++;
    return new Promise<Classification>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#post(build(id));
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const p of this.#pending.values()) p.reject(new EmotuneError('internal', 'classifier closed'));
    this.#pending.clear();
    await this.#worker.terminate();
  }

  #post(message: ToEmotionWorker): void {
    this.#worker.postMessage(message);
  }

  #settle(id: number, fn: (p: { resolve(c: Classification): void; reject(e: Error): void }) => void): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    fn(pending);
  }

  #setStatus(status: ClassifierStatus): void {
    this.#status = status;
    this.#onStatus(status);
  }
}
