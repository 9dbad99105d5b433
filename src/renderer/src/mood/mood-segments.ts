import type { MoodPoint } from '../../../shared/api/index.ts';
import type { Emotion } from '../../../shared/emotion.ts';

/** A stretch of time with one mood: from its first point to the next mood's (or its last point), mean confidence. */
export interface MoodSegment {
  emotion: Emotion;
  start: number;
  end: number;
  confidence: number;
}

/**
 * The history as stretches of one mood each, for the chart. A mood lasts until the next point (a change), so
 * the stretches of a continuous history meet; a gap longer than `maxGapMs` (no face, the camera off) ends a
 * stretch at its last point, and the chart shows the gap.
 */
export function segmentMoods(points: readonly MoodPoint[], maxGapMs = 3000): MoodSegment[] {
  const segments: MoodSegment[] = [];
  let open: { emotion: Emotion; start: number; end: number; sum: number; n: number } | null = null;
  const close = (): void => {
    if (open) segments.push({ emotion: open.emotion, start: open.start, end: open.end, confidence: open.sum / open.n });
    open = null;
  };
  for (const point of points) {
    if (open && point.at - open.end > maxGapMs) close();
    if (open && point.emotion !== open.emotion) {
      open.end = point.at;
      close();
    }
    if (!open) open = { emotion: point.emotion, start: point.at, end: point.at, sum: 0, n: 0 };
    open.end = point.at;
    open.sum += point.confidence;
    open.n += 1;
  }
  close();
  return segments;
}
