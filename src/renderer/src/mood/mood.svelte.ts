import { NO_MOOD, type ApiClient, type MoodFrame, type MoodState } from '../../../shared/api/index.ts';
import type { Emotion } from '../../../shared/emotion.ts';
import { EventOrdered } from '../api/event-ordered.ts';

/** A point of the mood-over-time chart: the smoothed mood and its confidence at a time. */
export interface MoodPoint {
  at: number;
  emotion: Emotion;
  confidence: number;
}

const HISTORY_MS = 5 * 60 * 1000;

/** The detected mood, the latest analysed frame, the user's override, and the mood history for the chart. */
export class MoodStore {
  state = $state<MoodState>({ ...NO_MOOD });
  frame = $state<MoodFrame | null>(null);
  history = $state<MoodPoint[]>([]);
  error = $state<string | null>(null);
  /**
   * The shown mood with its current confidence: `mood.changed` comes only when something visible changes (the
   * confidence by 5 points or more), so the latest frame's smoothed estimate of the same mood is fresher, and
   * matches the probability bars drawn from it.
   */
  readonly shown = $derived.by(() => {
    const detected = this.state.detected;
    const smoothed = this.frame?.smoothed;
    return detected && smoothed && smoothed.emotion === detected.emotion ? smoothed : detected;
  });
  readonly overriding = $derived(this.state.override !== null);
  readonly #client: ApiClient;
  readonly #state = new EventOrdered<MoodState>((state) => (this.state = state));

  constructor(client: ApiClient) {
    this.#client = client;
  }

  start(): () => void {
    const offChanged = this.#client.subscribe('mood.changed', (state) => this.#state.event(state));
    const offFrame = this.#client.subscribe('mood.frameAnalyzed', (frame) => this.#addFrame(frame));
    return () => {
      offChanged();
      offFrame();
    };
  }

  async refresh(): Promise<void> {
    await this.#state.reply(() => this.#client.api['mood.getState']({}));
  }

  async setOverride(emotion: Emotion | null): Promise<void> {
    try {
      await this.#state.reply(() => this.#client.api['mood.setOverride']({ emotion }));
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  #addFrame(frame: MoodFrame): void {
    this.frame = frame;
    if (!frame.smoothed) return;
    const cutoff = frame.at - HISTORY_MS;
    const kept = this.history.filter((p) => p.at >= cutoff);
    kept.push({ at: frame.at, emotion: frame.smoothed.emotion, confidence: frame.smoothed.confidence });
    this.history = kept;
  }
}
