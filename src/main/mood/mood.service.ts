import { NO_MOOD, type EmotionEstimate, type MoodFrame, type MoodPoint, type MoodState } from '../../shared/api/index.ts';
import { topEmotion, type Emotion, type Probabilities } from '../../shared/emotion.ts';
import { MoodHistory } from '../../shared/mood-history.ts';
import type { CameraFrame } from '../camera/index.ts';
import {
  INITIAL_SMOOTHER_STATE,
  updateSmoother,
  type Classification,
  type EmotionClassifier,
  type SmootherState,
  type SmoothingParams,
} from '../emotion/index.ts';

export interface MoodServiceDeps {
  classifier: Pick<EmotionClassifier, 'classify' | 'status'>;
  smoothing(): SmoothingParams & { uncertainBelow: number };
  onFrameAnalyzed(frame: MoodFrame): void;
  /** Called when the shown mood, face visibility or override changes. */
  onChanged(state: MoodState): void;
  /** Called when a point joins the mood history (the chart). */
  onHistoryAdded?(point: MoodPoint): void;
  /** Seconds without a face before the UI says "no face". */
  faceLostAfterSec?: number;
  /**
   * Calibration to the listener: sees each answer as the model gave it, and corrects it before smoothing. While
   * it is collecting, the listener is posing for it (a resting face, a chosen expression), so those frames do
   * not move the mood or the playlist.
   */
  listener?: {
    readonly collecting: boolean;
    /** Whether the classifier should measure the face's shape too (the calibration reads it). */
    readonly wantsGeometry?: boolean;
    observe(probabilities: Probabilities, at: number, reading?: Classification['faces'][number] | null): void;
    adjust(probabilities: Probabilities, reading?: Classification['faces'][number] | null): Probabilities;
    tick(at: number): void;
  };
}

/**
 * Turns analysed camera frames into the mood: classifies the largest face, smooths the probabilities over
 * time, and holds the user's override. Frames arriving while the model is loading or failed still report
 * faces, without an emotion.
 */
export class MoodService {
  readonly #deps: MoodServiceDeps;
  #smoother: SmootherState = INITIAL_SMOOTHER_STATE;
  #override: Emotion | null = null;
  #lastFaceAt: number | null = null;
  #lastConfident: Emotion | null = null;
  #state: MoodState = NO_MOOD;
  readonly #history = new MoodHistory();

  constructor(deps: MoodServiceDeps) {
    this.#deps = deps;
  }

  get state(): MoodState {
    return this.#state;
  }

  /** The smoothed mood of the frames with a classified face: a point a second, each change, the last half hour. */
  get history(): readonly MoodPoint[] {
    return this.#history.points;
  }

  setOverride(emotion: Emotion | null): MoodState {
    this.#override = emotion;
    this.#publish();
    return this.#state;
  }

  /** The camera went away: the face is no longer visible, the last mood stays shown. */
  cameraLost(): void {
    this.#lastFaceAt = null;
    this.#publish();
  }

  async handleFrame(frame: CameraFrame): Promise<void> {
    const face = frame.faces[0] ?? null;
    let raw: EmotionEstimate | null = null;
    let inferMs = 0;
    // Whether the listener is posing for the calibration as this frame arrives (its last frame included).
    const posing = this.#deps.listener?.collecting ?? false;
    if (face && this.#deps.classifier.status.state === 'ready') {
      try {
        const result = await this.#deps.classifier.classify(frame.gray, [face], undefined, this.#deps.listener?.wantsGeometry ? { shape: 'after' } : {});
        const measured = result.probabilities[0] as Probabilities;
        const reading = result.faces[0] ?? null;
        this.#deps.listener?.observe(measured, frame.capturedAt, reading);
        const probabilities = this.#deps.listener?.adjust(measured, reading) ?? measured;
        raw = { ...topEmotion(probabilities), probabilities };
        inferMs = result.preprocessMs + result.inferMs + result.meshMs;
        // A posed frame is still shown as the frame's reading, and kept out of the mood.
        if (!posing) this.#smoother = updateSmoother(this.#smoother, { probabilities, at: frame.capturedAt }, this.#deps.smoothing());
      } catch {
        raw = null;
      }
    }
    if (face) this.#lastFaceAt = frame.capturedAt;
    else this.#deps.listener?.tick(frame.capturedAt);
    const smoothed = this.#smoothedEstimate();
    if (raw && smoothed && !posing) {
      const point = { at: frame.capturedAt, emotion: smoothed.emotion, confidence: smoothed.confidence };
      if (this.#history.add(point)) this.#deps.onHistoryAdded?.(point);
    }
    const scale = frame.scale;
    this.#deps.onFrameAnalyzed({
      at: frame.capturedAt,
      faceCount: frame.faces.length,
      face: face ? (face.map((v) => Math.round(v / scale)) as MoodFrame['face']) : null,
      raw,
      smoothed,
      timings: {
        detectMs: frame.detectMs,
        inferMs,
        totalMs: frame.captureMs + frame.detectMs + inferMs,
      },
    });
    this.#publish(frame.capturedAt);
  }

  #smoothedEstimate(): EmotionEstimate | null {
    const { probabilities, shown } = this.#smoother;
    if (!probabilities || !shown) return null;
    return { emotion: shown, confidence: probabilities[shown], probabilities };
  }

  #publish(now = Date.now()): void {
    const lostAfterMs = (this.#deps.faceLostAfterSec ?? 2) * 1000;
    const faceVisible = this.#lastFaceAt !== null && now - this.#lastFaceAt <= lostAfterMs;
    const detected = this.#smoothedEstimate();
    const uncertain = detected !== null && detected.confidence < this.#deps.smoothing().uncertainBelow;
    if (detected && !uncertain) this.#lastConfident = detected.emotion;
    const next: MoodState = {
      detected,
      emerging: faceVisible ? (this.#smoother.challenger?.emotion ?? null) : null,
      uncertain,
      faceVisible,
      override: this.#override,
      effective: this.#override ?? this.#lastConfident,
    };
    const previous = this.#state;
    this.#state = next;
    const changed =
      previous.faceVisible !== next.faceVisible ||
      previous.override !== next.override ||
      previous.emerging !== next.emerging ||
      previous.uncertain !== next.uncertain ||
      previous.effective !== next.effective ||
      previous.detected?.emotion !== next.detected?.emotion ||
      Math.abs((previous.detected?.confidence ?? 0) - (next.detected?.confidence ?? 0)) >= 0.05;
    if (changed) this.#deps.onChanged(next);
  }
}
