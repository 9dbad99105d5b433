import { NO_MOOD, type ApiClient, type ListenerCalibration, type MoodFrame, type MoodPoint, type MoodState } from '../../../shared/api/index.ts';
import type { Emotion } from '../../../shared/emotion.ts';
import { MoodHistory } from '../../../shared/mood-history.ts';
import { EventOrdered } from '../api/event-ordered.ts';

export type { MoodPoint };

/** The detected mood, the latest analysed frame, the user's override, and the mood history for the chart. */
export class MoodStore {
  state = $state<MoodState>({ ...NO_MOOD });
  frame = $state<MoodFrame | null>(null);
  /** The main side's mood history (the session's last half hour), kept up to date by its events. */
  history = $state<MoodPoint[]>([]);
  error = $state<string | null>(null);
  /** Calibration to the listener's resting face (off, collecting, on, failed). */
  calibration = $state<ListenerCalibration>({ state: 'off', progress: 0, model: null, message: null, expression: null, learned: [], shape: false, learntWhileListening: false });
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
  readonly #calibration = new EventOrdered<ListenerCalibration>((status) => (this.calibration = status));
  readonly #history = new MoodHistory();
  /** For each history fetch under way, the points announced meanwhile: they may be newer than its reply. */
  // Bookkeeping only, never rendered.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #overtaking = new Set<MoodPoint[]>();

  constructor(client: ApiClient) {
    this.#client = client;
  }

  start(): () => void {
    const offChanged = this.#client.subscribe('mood.changed', (state) => this.#state.event(state));
    const offFrame = this.#client.subscribe('mood.frameAnalyzed', (frame) => (this.frame = frame));
    const offPoint = this.#client.subscribe('mood.historyAdded', (point) => this.#addPoint(point));
    const offCalibration = this.#client.subscribe('mood.calibrationChanged', (status) => this.#calibration.event(status));
    return () => {
      offChanged();
      offFrame();
      offPoint();
      offCalibration();
    };
  }

  async refresh(): Promise<void> {
    // Refreshes can overlap (the start, a reconnect): each keeps its own list of the points that overtook it.
    const overtaking: MoodPoint[] = [];
    this.#overtaking.add(overtaking);
    try {
      const [, { points }] = await Promise.all([
        this.#state.reply(() => this.#client.api['mood.getState']({})),
        this.#client.api['mood.getHistory']({}),
        this.#calibration.reply(() => this.#client.api['mood.getCalibration']({})),
      ]);
      this.#history.reset(points);
      for (const point of overtaking) this.#history.add(point);
      this.history = [...this.#history.points];
    } finally {
      this.#overtaking.delete(overtaking);
    }
  }

  async setOverride(emotion: Emotion | null): Promise<void> {
    try {
      await this.#state.reply(() => this.#client.api['mood.setOverride']({ emotion }));
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  /**
   * Learns the listener's resting face (they look at the camera, relaxed, for a few seconds), adds an
   * expression they show once it is learnt, or (`null`) forgets it all.
   */
  async calibrate(expression: Emotion | null): Promise<void> {
    try {
      await this.#calibration.reply(() =>
        expression === null ? this.#client.api['mood.resetCalibration']({}) : this.#client.api['mood.startCalibration'](expression === 'neutral' ? {} : { expression }),
      );
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  #addPoint(point: MoodPoint): void {
    for (const overtaking of this.#overtaking) overtaking.push(point);
    if (this.#history.add(point)) this.history = [...this.#history.points];
  }
}
