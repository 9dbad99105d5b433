import type { MoodPoint } from './api/schemas.ts';

export interface MoodHistoryOptions {
  /** At most one point per this interval while the mood stays the same (a change is always kept). */
  resolutionMs: number;
  /** Points older than this before the newest are dropped. */
  retentionMs: number;
}

export const MOOD_HISTORY: MoodHistoryOptions = { resolutionMs: 1000, retentionMs: 30 * 60 * 1000 };

/**
 * The mood over time, thinned for the chart: a point a second while the mood holds, every change kept at
 * once, the last half hour. Points must come in time order.
 */
export class MoodHistory {
  readonly #options: MoodHistoryOptions;
  #points: MoodPoint[] = [];

  constructor(options: MoodHistoryOptions = MOOD_HISTORY) {
    this.#options = options;
  }

  get points(): readonly MoodPoint[] {
    return this.#points;
  }

  /** Adds the point if the history takes it (see the class); returns whether it did. */
  add(point: MoodPoint): boolean {
    const last = this.#points.at(-1);
    if (last && point.at < last.at) return false;
    if (last && point.emotion === last.emotion && point.at - last.at < this.#options.resolutionMs) return false;
    this.#points.push(point);
    const cutoff = point.at - this.#options.retentionMs;
    if ((this.#points[0]?.at ?? cutoff) < cutoff) this.#points = this.#points.filter((p) => p.at >= cutoff);
    return true;
  }

  /** Replaces the history (the main side's, on a reconnect), keeping the retention rule. */
  reset(points: readonly MoodPoint[]): void {
    this.#points = [];
    for (const point of points) this.#points.push(point);
    const newest = this.#points.at(-1)?.at;
    if (newest !== undefined) this.#points = this.#points.filter((p) => p.at >= newest - this.#options.retentionMs);
  }
}
