import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ListenerCalibration } from '../../shared/api/index.ts';
import { EmotionSchema, EMOTIONS, topEmotion, type Emotion, type Probabilities } from '../../shared/emotion.ts';
import {
  applyGeometryCalibration,
  applyGeometryHead,
  applyLogitOffset,
  EXPRESSION_FIT_PRIOR,
  expressionOffset,
  geometryHeadReference,
  geometryRestingOffset,
  meanVector,
  restingFaceOffset,
  type GeometryHeadParams,
} from '../emotion/index.ts';

/** Seconds of the listener's relaxed face the calibration looks at, and the fewest frames with a face it needs. */
export const CALIBRATION_SECONDS = 5;
export const CALIBRATION_MIN_FRAMES = 6;
/** Seconds of an expression the listener chooses to show after their resting face, and the fewest frames. */
export const EXPRESSION_SECONDS = 3;
export const EXPRESSION_MIN_FRAMES = 4;
/** The most answers kept per expression in the file (a refit needs them; 8 fps for 5 s is 40). */
const KEPT_ANSWERS = 80;
/**
 * Learning the resting face while listening (no calibration asked for): the fewest faces read as neutral whose
 * shape was measured before their mean is used (5 s of them at 8 fps, as a calibration takes), the most kept
 * (the latest: about a minute of them), and how many new ones between refits of the resting shape and offset.
 */
export const UNPROMPTED_MIN_FRAMES = 40;
const UNPROMPTED_KEPT = 480;
const UNPROMPTED_REFIT_EVERY = 8;
/**
 * After this long without a face, what was learnt while listening is forgotten: the next face may be someone
 * else's (the mesh's shape cannot tell people apart), and learning it again takes a few seconds of a resting face.
 */
export const UNPROMPTED_FORGET_AFTER_MS = 30 * 1000;
/**
 * A typical resting face's reading, for a model whose manifest has no `restingReference` of its own: the mean
 * of the shipped models' answers on FER-2013 PublicTest's neutral faces (scripts/fit-temperature.ts).
 */
export const DEFAULT_RESTING_REFERENCE = [0.108, 0.019, 0.085, 0.094, 0.183, 0.029, 0.482];

const FILE = 'listener-calibration.json';
const Answers = z.array(z.array(z.number().min(0).max(1)).length(EMOTIONS.length)).max(KEPT_ANSWERS);
/** A face as the face-geometry head reads it: the members' combined answer and the face's shape. */
const Readings = z.array(z.object({ combined: z.array(z.number().min(0).max(1)).length(EMOTIONS.length), geometry: z.array(z.number()).min(1).max(64) })).max(KEPT_ANSWERS);
type Reading = z.infer<typeof Readings>[number];
/**
 * The shape part of a calibration (a model with a face-geometry head): the resting face's shape (mean of its
 * frames' shapes), the offset on top of the head's answers, and the readings a refit needs.
 */
const ShapeSchema = z.object({
  resting: z.array(z.number()).min(1).max(64),
  offset: z.array(z.number()).length(EMOTIONS.length),
  neutral: Readings,
  shown: z.array(z.object({ expression: EmotionSchema, readings: Readings })).max(EMOTIONS.length),
});
type Shape = z.infer<typeof ShapeSchema>;
const StoredSchema = z.object({
  version: z.union([z.literal(2), z.literal(3)]),
  model: z.string(),
  offset: z.array(z.number()).length(EMOTIONS.length),
  frames: z.number().int(),
  at: z.number(),
  /** The model's answers on the resting face, and on each expression the listener showed: a refit needs them. */
  neutral: Answers,
  shown: z.array(z.object({ expression: EmotionSchema, answers: Answers })).max(EMOTIONS.length),
  /** Version 3: the resting face's shape, where the model could measure it (version 2 files have none). */
  shape: ShapeSchema.nullable().default(null),
});
type Stored = z.infer<typeof StoredSchema>;
/** Version 1 (resting face only, its answers not kept): still applied; showing an expression needs a new one. */
const StoredV1Schema = z.object({ version: z.literal(1), model: z.string(), offset: z.array(z.number()).length(EMOTIONS.length), frames: z.number().int(), at: z.number() });

export interface ListenerCalibrationDeps {
  dataDir: string;
  /** The model in use (asked for every frame: cheap). */
  model(): string | null;
  /**
   * For the model in use (read when a calibration ends): the resting-face reading it aims at, and how much of
   * the resting-face offset applies (its camera correction's `restingWeight`, else 1).
   */
  restingTarget(): { reference: readonly number[]; weight: number };
  /**
   * The face-geometry head of the model in use (read when a calibration ends and for every frame: cheap), with
   * the resting face reading it aims at (the model's restingReference), the share of its resting-face offset
   * that applies and the temperature of the answer it gives; null for a model without one.
   */
  geometryHead?(): { head: GeometryHeadParams; reference: readonly number[]; weight: number; temperature?: number } | null;
  /**
   * Whether the resting face may be learnt while listening, for a listener who has not calibrated (the
   * `learnRestingFace` setting; asked for every frame: cheap). Absent: no.
   */
  learnWhileListening?(): boolean;
  onChanged(status: ListenerCalibration): void;
  now?: () => number;
  log?: (message: string) => void;
}

/**
 * Calibration to the listener (issue 12): while collecting, the model's answers on the listener's face are
 * gathered; then a logit offset makes their resting face read as a typical one (emotion/calibration.ts), and
 * every later answer of the same model gets it, before smoothing, so the mood, the uncertain gate and the
 * hysteresis all see calibrated values. Afterwards the listener may show expressions of their choice (a
 * smile, a frown…) for a few seconds each; the offset is then refitted so those read as themselves too
 * (expressionOffset), and showing one again replaces it. Stored in the data folder per model; a reset forgets it.
 * For a model with a face-geometry head, the resting face's shape is learnt too (the mean of the frames' shapes
 * the classifier measured): a later face whose shape is measured is then read by the head, by its movement from
 * that shape, with an offset on top fitted the same way on the head's answers (geometry-head.ts).
 *
 * A listener who has not calibrated gets the same reading, learnt while they listen (learnWhileListening): the
 * resting face's shape is the mean shape of their latest faces that the model, uncalibrated, reads as neutral,
 * once there are UNPROMPTED_MIN_FRAMES of them, and the offset on top is fitted on the head's answers to those
 * faces as a calibration's is. Faces read as anything else are never used, so the learning cannot drift towards
 * an expression, and a face the model never reads as neutral is left as it is. It lives in memory only (a
 * restart learns it again within seconds), is forgotten after UNPROMPTED_FORGET_AFTER_MS without a face (the
 * next face may be someone else's), and gives way to a calibration; a reset forgets it.
 */
export class ListenerCalibrationService {
  readonly #deps: ListenerCalibrationDeps;
  #stored: Stored | null = null;
  /** Learnt while listening, for the model named: the neutral-read faces kept, and the shape once enough. */
  #unprompted: { model: string; readings: Reading[]; sinceFit: number; shape: { resting: number[]; offset: number[] } | null; seenAt: number } | null = null;
  #session: { startedAt: number; frames: number[][]; readings: Reading[]; expression: Emotion; seconds: number } | null = null;
  #failure: string | null = null;

  constructor(deps: ListenerCalibrationDeps) {
    this.#deps = deps;
    const file = join(deps.dataDir, FILE);
    if (existsSync(file)) {
      try {
        const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
        const v1 = StoredV1Schema.safeParse(json);
        this.#stored = v1.success ? { ...v1.data, version: 2, neutral: [], shown: [], shape: null } : StoredSchema.parse(json);
      } catch (error) {
        deps.log?.(`listener calibration ${file} cannot be read (${(error as Error).message.split('\n')[0]}); starting without one`);
      }
    }
  }

  /** True while the listener's face is being gathered (they are posing for it). */
  get collecting(): boolean {
    return this.#session !== null;
  }

  /**
   * Whether faces' shapes should be measured (the face mesh costs a few milliseconds a frame): while collecting,
   * and while a calibration with the resting face's shape is on, for a model with a face-geometry head.
   */
  get wantsGeometry(): boolean {
    if (!this.#deps.geometryHead?.()) return false;
    return this.#session !== null || this.#current()?.shape != null || this.#learning();
  }

  /** Whether faces are being gathered to learn the resting face while listening (no calibration for this model). */
  #learning(): boolean {
    return this.#session === null && this.#current() === null && this.#deps.learnWhileListening?.() === true && Boolean(this.#deps.geometryHead?.());
  }

  /** The resting face learnt while listening, when it is for the model in use and may be used now. */
  #learnt(): { resting: number[]; offset: number[] } | null {
    const u = this.#unprompted;
    return this.#learning() && u?.shape && u.model === this.#deps.model() ? u.shape : null;
  }

  get status(): ListenerCalibration {
    const model = this.#deps.model();
    const stored = this.#current();
    const learned = stored ? stored.shown.map((s) => s.expression) : [];
    const shape = stored?.shape != null && Boolean(this.#deps.geometryHead?.());
    const learntWhileListening = this.#learnt() !== null;
    if (this.#session) {
      const progress = Math.min(1, ((this.#deps.now ?? Date.now)() - this.#session.startedAt) / (this.#session.seconds * 1000));
      return { state: 'collecting', progress, model, message: null, expression: this.#session.expression, learned, shape, learntWhileListening };
    }
    if (this.#failure) return { state: stored ? 'on' : 'failed', progress: stored ? 1 : 0, model, message: this.#failure, expression: null, learned, shape, learntWhileListening };
    return { state: stored ? 'on' : 'off', progress: stored ? 1 : 0, model, message: null, expression: null, learned, shape, learntWhileListening };
  }

  /**
   * Starts gathering the listener's resting face (a new calibration), or, once one is on, an expression they
   * will show (added to it). An expression without a resting face to build on fails plainly.
   */
  start(expression: Emotion = 'neutral'): ListenerCalibration {
    this.#failure = null;
    if (expression !== 'neutral') {
      const stored = this.#stored;
      if (!stored || stored.model !== this.#deps.model() || stored.neutral.length === 0) {
        this.#failure = 'calibrate to your resting face first, then show an expression';
        return this.#publish();
      }
    }
    const seconds = expression === 'neutral' ? CALIBRATION_SECONDS : EXPRESSION_SECONDS;
    this.#session = { startedAt: (this.#deps.now ?? Date.now)(), frames: [], readings: [], expression, seconds };
    return this.#publish();
  }

  /**
   * The `learnRestingFace` setting changed: turned off, what was learnt while listening is forgotten at once;
   * either way the status is published again.
   */
  learningChanged(): ListenerCalibration {
    if (this.#deps.learnWhileListening?.() !== true) this.#unprompted = null;
    return this.#publish();
  }

  reset(): ListenerCalibration {
    this.#session = null;
    this.#failure = null;
    this.#stored = null;
    this.#unprompted = null;
    try {
      rmSync(join(this.#deps.dataDir, FILE), { force: true });
    } catch (error) {
      this.#deps.log?.(`listener calibration could not be removed: ${(error as Error).message}`);
    }
    return this.#publish();
  }

  /**
   * A classified face's answer, as the model gave it, and the face as the geometry head reads it where it was
   * measured: gathered while collecting.
   */
  observe(probabilities: Probabilities, at: number, reading?: { combined: number[]; geometry: number[] | null } | null): void {
    const session = this.#session;
    if (!session) {
      this.#learn(probabilities, reading ?? null, at);
      return;
    }
    session.frames.push(EMOTIONS.map((e) => probabilities[e]));
    if (reading?.geometry) session.readings.push({ combined: reading.combined, geometry: reading.geometry });
    if (at - session.startedAt >= session.seconds * 1000) this.#finish();
    else this.#deps.onChanged(this.status);
  }

  /** Called when time passes without faces (a frame with none): a session that ran out ends. */
  tick(at: number): void {
    if (this.#session && at - this.#session.startedAt >= this.#session.seconds * 1000) this.#finish();
  }

  /**
   * The answer with the listener's correction, when one is on for the model in use: where the face's shape was
   * measured and the calibration knows the resting face's, the face-geometry head's answer with its offset;
   * else the resting-face offset on the model's answer.
   */
  adjust(probabilities: Probabilities, reading?: { combined: number[]; geometry: number[] | null } | null): Probabilities {
    const stored = this.#current();
    // The resting face's shape: the calibration's, else (no calibration) the one learnt while listening.
    const shape = stored ? stored.shape : this.#learnt();
    const geometry = this.#deps.geometryHead?.() ?? null;
    let corrected: number[];
    if (shape && geometry && reading?.geometry && reading.geometry.length === shape.resting.length) {
      corrected = applyGeometryCalibration(reading.combined, reading.geometry, shape.resting, geometry.head, shape.offset, geometry.temperature ?? 1);
    } else if (stored) {
      corrected = applyLogitOffset(EMOTIONS.map((e) => probabilities[e]), stored.offset);
    } else {
      return probabilities;
    }
    return Object.fromEntries(EMOTIONS.map((e, i) => [e, corrected[i] as number])) as Probabilities;
  }

  /**
   * Learning the resting face while listening: a face the model (uncalibrated) reads as neutral, with its shape
   * measured, joins the kept ones; once there are enough, the resting shape and the offset on top are refitted
   * every few new ones. The first fit, and a change of model, are published (the status says it is learnt).
   */
  #learn(probabilities: Probabilities, reading: { combined: number[]; geometry: number[] | null } | null, at: number): void {
    const model = this.#deps.model();
    const geometry = this.#deps.geometryHead?.() ?? null;
    if (!this.#learning() || !model || !geometry) return;
    const previous = this.#unprompted;
    let u = previous;
    if (!u || u.model !== model || at - u.seenAt > UNPROMPTED_FORGET_AFTER_MS) {
      u = this.#unprompted = { model, readings: [], sinceFit: 0, shape: null, seenAt: at };
      if (previous?.shape) this.#deps.onChanged(this.status);
    }
    u.seenAt = at;
    if (topEmotion(probabilities).emotion !== 'neutral' || !reading?.geometry) return;
    u.readings.push({ combined: reading.combined, geometry: reading.geometry });
    if (u.readings.length > UNPROMPTED_KEPT) u.readings.splice(0, u.readings.length - UNPROMPTED_KEPT);
    u.sinceFit += 1;
    if (u.readings.length < UNPROMPTED_MIN_FRAMES || (u.shape && u.sinceFit < UNPROMPTED_REFIT_EVERY)) return;
    const first = u.shape === null;
    const resting = meanVector(u.readings.map((r) => r.geometry));
    u.shape = { resting, offset: geometryRestingOffset(u.readings, resting, geometry.reference, geometry.head, geometry.weight) };
    u.sinceFit = 0;
    if (first) this.#deps.onChanged(this.status);
  }

  /** The stored calibration, when it is for the model in use. */
  #current(): Stored | null {
    return this.#stored && this.#stored.model === this.#deps.model() ? this.#stored : null;
  }

  /**
   * The shape part of a calibration: from the resting face's readings (a new calibration) or the one before
   * (an expression added: its readings join it), the head's answers on them and the offset on top, as the
   * answers' offset is fitted (restingFaceOffset, or expressionOffset once expressions were shown). Null where
   * the model has no head or too few frames had their shape measured.
   */
  #shapeFor(session: { readings: Reading[]; expression: Emotion }, previous: Shape | null): Shape | null {
    const geometry = this.#deps.geometryHead?.() ?? null;
    if (!geometry) return null;
    const readings = session.readings.slice(-KEPT_ANSWERS);
    const resting = session.expression === 'neutral';
    if (!resting && !previous) return null;
    if (readings.length < (resting ? CALIBRATION_MIN_FRAMES : EXPRESSION_MIN_FRAMES)) return resting ? null : previous;
    const neutral = resting ? readings : (previous as Shape).neutral;
    const restingShape = meanVector(neutral.map((r) => r.geometry));
    const shown = resting ? [] : [...(previous as Shape).shown.filter((s) => s.expression !== session.expression), { expression: session.expression, readings }];
    const read = (r: Reading): number[] => applyGeometryHead(r.combined, r.geometry, restingShape, geometry.head);
    const reference = geometryHeadReference(geometry.reference, geometry.head);
    const offset = listenerOffset(neutral.map(read), shown.map((s) => ({ expression: s.expression, answers: s.readings.map(read) })), reference, geometry.weight);
    return { resting: restingShape, offset, neutral, shown };
  }

  #finish(): void {
    const session = this.#session;
    this.#session = null;
    if (!session) return;
    const name = this.#deps.model();
    const resting = session.expression === 'neutral';
    const needed = resting ? CALIBRATION_MIN_FRAMES : EXPRESSION_MIN_FRAMES;
    const previous = this.#current();
    if (session.frames.length < needed || !name || (!resting && !previous)) {
      this.#failure = `only ${session.frames.length} frames with your face in ${session.seconds} s; look at the camera and try again`;
      this.#publish();
      return;
    }
    const answers = session.frames.slice(-KEPT_ANSWERS);
    const neutral = resting ? answers : (previous as Stored).neutral;
    const shown = resting ? [] : [...(previous as Stored).shown.filter((s) => s.expression !== session.expression), { expression: session.expression, answers }];
    const { reference, weight } = this.#deps.restingTarget();
    const offset = listenerOffset(neutral, shown, reference, weight);
    const shape = this.#shapeFor(session, previous?.shape ?? null);
    const stored: Stored = { version: 3, model: name, offset, frames: neutral.length, at: (this.#deps.now ?? Date.now)(), neutral, shown, shape };
    const file = join(this.#deps.dataDir, FILE);
    try {
      writeFileSync(`${file}.tmp`, `${JSON.stringify(stored)}\n`, { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    } catch (error) {
      this.#deps.log?.(`listener calibration could not be saved (${(error as Error).message}); it holds until the app closes`);
    }
    this.#stored = stored;
    this.#publish();
  }

  #publish(): ListenerCalibration {
    const status = this.status;
    this.#deps.onChanged(status);
    return status;
  }
}

/**
 * The listener's offset from the answers on their resting face and on the expressions they showed: the
 * resting-face offset alone until they show one (restingFaceOffset), then refitted on those too (expressionOffset).
 */
function listenerOffset(neutral: readonly number[][], shown: readonly { expression: Emotion; answers: readonly number[][] }[], reference: readonly number[], weight: number): number[] {
  return shown.length === 0
    ? restingFaceOffset(neutral, reference, weight)
    : expressionOffset(neutral, shown.map((s) => ({ label: EMOTIONS.indexOf(s.expression), answers: s.answers })), reference, EMOTIONS.indexOf('neutral'), EXPRESSION_FIT_PRIOR, weight);
}
