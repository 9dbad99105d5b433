import { Worker } from 'node:worker_threads';
import { EmotuneError } from '../../shared/errors.ts';
import type { AnalysisWorkerData, FromAnalysisWorker, ToAnalysisWorker } from './analysis.protocol.ts';
import type { AudioFeatures } from './audio-features.ts';
import { NeedsWindowDecoderError } from './decode-audio.ts';
import type { MusicEmotionModel } from './music-emotion-model.ts';

interface Task {
  id: number;
  message: ToAnalysisWorker;
  transfer: ArrayBuffer[];
  resolve(f: AudioFeatures): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  busy: Task | null;
  timer: ReturnType<typeof setTimeout> | null;
  /** Why the pool stopped this worker (over a budget), for the song's "not analysed" reason. */
  overBudget?: string;
}

/**
 * What one file may cost. A song reads about 30 s of audio (a second or two of work); a file that takes
 * minutes, or whose decoding grows the heap past the limit, is hostile or broken: its worker is stopped and
 * replaced, and the song is "not analysed" with the reason.
 */
export const ANALYSIS_BUDGET = { seconds: 180, heapMb: 1024 } as const;

/**
 * A bounded pool of analysis worker threads (one per spare core by default), so decoding and DSP never run
 * on the main thread and never take every core. A worker that dies fails its file and is replaced. A slot is
 * marked busy in the same turn it is chosen, so calls made together never share one worker (the reply of
 * the first would be taken for the second's, and the first would wait for ever).
 */
export class AnalysisPool {
  readonly size: number;
  readonly #workerUrl: URL;
  readonly #slots: Slot[] = [];
  readonly #waiting: Task[] = [];
  readonly #workerData: AnalysisWorkerData;
  #nextId = 1;
  #closed = false;
  /** Nice values the workers reported at start (null: could not be lowered), for status and tests. */
  readonly niceness: (number | null)[] = [];

  readonly #budget: { seconds: number; heapMb: number };

  constructor(deps: { workerUrl: URL; size: number; model?: MusicEmotionModel | null; budget?: { seconds: number; heapMb: number } }) {
    this.#workerUrl = deps.workerUrl;
    this.#workerData = { model: deps.model ?? null };
    this.size = Math.max(1, deps.size);
    this.#budget = deps.budget ?? ANALYSIS_BUDGET;
  }

  /** Analyses a file; with its length (from its tags), a long track is read in excerpts only. */
  analyze(path: string, durationSec: number | null = null): Promise<AudioFeatures> {
    const id = this.#nextId++;
    return this.#submit({ id, message: { type: 'analyze', id, path, durationSec }, transfer: [] });
  }

  /** Analyses audio the app window decoded (per excerpt, per channel); the buffers are moved to the worker. */
  analyzeDecoded(excerpts: Float32Array[][], rate: number, durationSec: number | null): Promise<AudioFeatures> {
    const id = this.#nextId++;
    const transfer = [...new Set(excerpts.flat().map((c) => c.buffer as ArrayBuffer))];
    return this.#submit({ id, message: { type: 'analyzeDecoded', id, excerpts, rate, durationSec }, transfer });
  }

  #submit(task: Omit<Task, 'resolve' | 'reject'>): Promise<AudioFeatures> {
    if (this.#closed) return Promise.reject(new EmotuneError('internal', 'analysis pool closed'));
    return new Promise<AudioFeatures>((resolve, reject) => {
      const full: Task = { ...task, resolve, reject };
      const slot = this.#slots.find((s) => s.busy === null) ?? (this.#slots.length < this.size ? this.#spawn() : null);
      if (slot) this.#run(slot, full);
      else this.#waiting.push(full);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()));
    this.#slots.length = 0;
  }

  #run(slot: Slot, task: Task): void {
    slot.busy = task;
    slot.timer = setTimeout(() => {
      // Over its time budget: the worker is stopped mid-file (its exit fails the task with this reason).
      slot.timer = null;
      slot.overBudget = `it took longer than ${this.#budget.seconds} s to analyse`;
      void slot.worker.terminate();
    }, this.#budget.seconds * 1000);
    slot.timer.unref?.();
    slot.worker.postMessage(task.message, task.transfer);
  }

  #release(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.busy = null;
    const next = this.#waiting.shift();
    if (next) this.#run(slot, next);
  }

  #spawn(): Slot {
    const slot: Slot = {
      worker: new Worker(this.#workerUrl, { workerData: this.#workerData, resourceLimits: { maxOldGenerationSizeMb: this.#budget.heapMb } }),
      busy: null,
      timer: null,
    };
    slot.worker.unref();
    slot.worker.on('message', (message: FromAnalysisWorker) => {
      if (message.type === 'started') {
        this.niceness.push(message.niceness);
        return;
      }
      const busy = slot.busy;
      if (!busy || busy.id !== message.id) return;
      if (message.type === 'analyzed') busy.resolve(message.features);
      else busy.reject(message.needsWindowDecoder ? new NeedsWindowDecoderError() : new EmotuneError('invalid-input', message.message));
      this.#release(slot);
    });
    const die = (error: Error): void => {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      const index = this.#slots.indexOf(slot);
      if (index < 0 && !slot.busy) return; // already handled ('error' then 'exit')
      if (index >= 0) this.#slots.splice(index, 1);
      const outOfMemory = /ERR_WORKER_OUT_OF_MEMORY|out of memory/i.test(`${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}`);
      const reason = slot.overBudget ?? (outOfMemory ? `it needed more than ${this.#budget.heapMb} MB to analyse` : null);
      slot.busy?.reject(reason ? new EmotuneError('invalid-input', reason) : new EmotuneError('internal', `analysis worker stopped: ${error.message}`));
      slot.busy = null;
      const next = this.#waiting.shift();
      if (!this.#closed && next) this.#run(this.#spawn(), next);
    };
    slot.worker.on('error', die);
    slot.worker.on('exit', (code) => (code !== 0 || slot.overBudget) && die(new Error(`exit code ${code}`)));
    this.#slots.push(slot);
    return slot;
  }
}
