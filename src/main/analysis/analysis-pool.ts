import { Worker } from 'node:worker_threads';
import { EmotuneError } from '../../shared/errors.ts';
import type { FromAnalysisWorker } from './analysis.protocol.ts';
import type { AudioFeatures } from './audio-features.ts';

interface Slot {
  worker: Worker;
  busy: { id: number; resolve(f: AudioFeatures): void; reject(e: Error): void } | null;
}

/**
 * A bounded pool of analysis worker threads (one per spare core by default), so decoding and DSP never run
 * on the main thread and never take every core. A worker that dies fails its file and is replaced.
 */
export class AnalysisPool {
  readonly size: number;
  readonly #workerUrl: URL;
  readonly #slots: Slot[] = [];
  readonly #waiting: ((slot: Slot) => void)[] = [];
  #nextId = 1;
  #closed = false;

  constructor(deps: { workerUrl: URL; size: number }) {
    this.#workerUrl = deps.workerUrl;
    this.size = Math.max(1, deps.size);
  }

  analyze(path: string): Promise<AudioFeatures> {
    if (this.#closed) return Promise.reject(new EmotuneError('internal', 'analysis pool closed'));
    return this.#acquire().then(
      (slot) =>
        new Promise<AudioFeatures>((resolve, reject) => {
          const id = this.#nextId++;
          slot.busy = { id, resolve, reject };
          slot.worker.postMessage({ type: 'analyze', id, path });
        }),
    );
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()));
    this.#slots.length = 0;
  }

  #acquire(): Promise<Slot> {
    const idle = this.#slots.find((slot) => slot.busy === null);
    if (idle) return Promise.resolve(idle);
    if (this.#slots.length < this.size) return Promise.resolve(this.#spawn());
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(slot: Slot): void {
    slot.busy = null;
    const next = this.#waiting.shift();
    if (next) next(slot);
  }

  #spawn(): Slot {
    const slot: Slot = { worker: new Worker(this.#workerUrl), busy: null };
    slot.worker.unref();
    slot.worker.on('message', (message: FromAnalysisWorker) => {
      const busy = slot.busy;
      if (!busy || busy.id !== message.id) return;
      if (message.type === 'analyzed') busy.resolve(message.features);
      else busy.reject(new EmotuneError('invalid-input', message.message));
      this.#release(slot);
    });
    const die = (error: Error): void => {
      const index = this.#slots.indexOf(slot);
      if (index >= 0) this.#slots.splice(index, 1);
      slot.busy?.reject(new EmotuneError('internal', `analysis worker stopped: ${error.message}`));
      slot.busy = null;
      if (!this.#closed && this.#waiting.length > 0) (this.#waiting.shift() as (s: Slot) => void)(this.#spawn());
    };
    slot.worker.on('error', die);
    slot.worker.on('exit', (code) => code !== 0 && die(new Error(`exit code ${code}`)));
    this.#slots.push(slot);
    return slot;
  }
}
