import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ListenerCalibration } from '../../shared/api/index.ts';
import { EMOTIONS, type Probabilities } from '../../shared/emotion.ts';
import { applyLogitOffset, restingFaceOffset } from '../emotion/index.ts';

/** Seconds of the listener's relaxed face the calibration looks at, and the fewest frames with a face it needs. */
export const CALIBRATION_SECONDS = 5;
export const CALIBRATION_MIN_FRAMES = 6;
/**
 * A typical resting face's reading, for a model whose manifest has no `restingReference` of its own: the mean
 * of the shipped models' answers on FER-2013 PublicTest's neutral faces (scripts/fit-temperature.ts).
 */
export const DEFAULT_RESTING_REFERENCE = [0.108, 0.019, 0.085, 0.094, 0.183, 0.029, 0.482];

const FILE = 'listener-calibration.json';
const StoredSchema = z.object({ version: z.literal(1), model: z.string(), offset: z.array(z.number()).length(EMOTIONS.length), frames: z.number().int(), at: z.number() });

export interface ListenerCalibrationDeps {
  dataDir: string;
  /** The model in use (asked for every frame: cheap). */
  model(): string | null;
  /** The resting-face reading the model in use aims at (read when a calibration ends). */
  reference(): readonly number[];
  onChanged(status: ListenerCalibration): void;
  now?: () => number;
  log?: (message: string) => void;
}

/**
 * Calibration to the listener (issue 12): while collecting, the model's answers on the listener's face are
 * gathered; then a logit offset makes their resting face read as a typical one (emotion/calibration.ts), and
 * every later answer of the same model gets it, before smoothing, so the mood, the uncertain gate and the
 * hysteresis all see calibrated values. Stored in the data folder per model; a reset forgets it.
 */
export class ListenerCalibrationService {
  readonly #deps: ListenerCalibrationDeps;
  #stored: z.infer<typeof StoredSchema> | null = null;
  #session: { startedAt: number; frames: number[][] } | null = null;
  #failure: string | null = null;

  constructor(deps: ListenerCalibrationDeps) {
    this.#deps = deps;
    const file = join(deps.dataDir, FILE);
    if (existsSync(file)) {
      try {
        this.#stored = StoredSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
      } catch (error) {
        deps.log?.(`listener calibration ${file} cannot be read (${(error as Error).message.split('\n')[0]}); starting without one`);
      }
    }
  }

  get status(): ListenerCalibration {
    const model = this.#deps.model();
    if (this.#session) {
      const progress = Math.min(1, ((this.#deps.now ?? Date.now)() - this.#session.startedAt) / (CALIBRATION_SECONDS * 1000));
      return { state: 'collecting', progress, model, message: null };
    }
    if (this.#failure) return { state: 'failed', progress: 0, model, message: this.#failure };
    return this.#stored && this.#stored.model === model ? { state: 'on', progress: 1, model, message: null } : { state: 'off', progress: 0, model, message: null };
  }

  start(): ListenerCalibration {
    this.#session = { startedAt: (this.#deps.now ?? Date.now)(), frames: [] };
    this.#failure = null;
    return this.#publish();
  }

  reset(): ListenerCalibration {
    this.#session = null;
    this.#failure = null;
    this.#stored = null;
    try {
      rmSync(join(this.#deps.dataDir, FILE), { force: true });
    } catch (error) {
      this.#deps.log?.(`listener calibration could not be removed: ${(error as Error).message}`);
    }
    return this.#publish();
  }

  /** A classified face's answer, as the model gave it: gathered while collecting. */
  observe(probabilities: Probabilities, at: number): void {
    const session = this.#session;
    if (!session) return;
    session.frames.push(EMOTIONS.map((e) => probabilities[e]));
    if (at - session.startedAt >= CALIBRATION_SECONDS * 1000) this.#finish();
    else this.#deps.onChanged(this.status);
  }

  /** Called when time passes without faces (a frame with none): a session that ran out ends. */
  tick(at: number): void {
    if (this.#session && at - this.#session.startedAt >= CALIBRATION_SECONDS * 1000) this.#finish();
  }

  /** The answer with the listener's correction, when one is on for the model in use. */
  adjust(probabilities: Probabilities): Probabilities {
    const model = this.#deps.model();
    if (!this.#stored || this.#stored.model !== model) return probabilities;
    const corrected = applyLogitOffset(EMOTIONS.map((e) => probabilities[e]), this.#stored.offset);
    return Object.fromEntries(EMOTIONS.map((e, i) => [e, corrected[i] as number])) as Probabilities;
  }

  #finish(): void {
    const session = this.#session;
    this.#session = null;
    if (!session) return;
    const name = this.#deps.model();
    if (session.frames.length < CALIBRATION_MIN_FRAMES || !name) {
      this.#failure = `only ${session.frames.length} frames with your face in ${CALIBRATION_SECONDS} s; look at the camera and try again`;
    } else {
      const stored = { version: 1 as const, model: name, offset: restingFaceOffset(session.frames, this.#deps.reference()), frames: session.frames.length, at: (this.#deps.now ?? Date.now)() };
      const file = join(this.#deps.dataDir, FILE);
      try {
        writeFileSync(`${file}.tmp`, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
        renameSync(`${file}.tmp`, file);
      } catch (error) {
        this.#deps.log?.(`listener calibration could not be saved (${(error as Error).message}); it holds until the app closes`);
      }
      this.#stored = stored;
    }
    this.#publish();
  }

  #publish(): ListenerCalibration {
    const status = this.status;
    this.#deps.onChanged(status);
    return status;
  }
}
