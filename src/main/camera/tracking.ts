import type { Box } from '../../shared/api/index.ts';

/**
 * Where to look for a face that was at `box` one frame ago: the box grown by `grow` times its size on every
 * side, clipped to the frame, with the face sizes that are plausible one frame later (a face does not halve
 * or double in a tenth of a second). Searching there instead of the whole frame makes detection several
 * times cheaper while a face stays in view.
 */
export function trackingRegion(
  box: Box,
  width: number,
  height: number,
  grow = 0.75,
): { region: Box; minSide: number; maxSide: number } {
  const [x, y, w, h] = box;
  const x0 = Math.max(0, Math.floor(x - grow * w));
  const y0 = Math.max(0, Math.floor(y - grow * h));
  const x1 = Math.min(width, Math.ceil(x + w + grow * w));
  const y1 = Math.min(height, Math.ceil(y + h + grow * h));
  const side = Math.max(w, h);
  return { region: [x0, y0, x1 - x0, y1 - y0], minSide: Math.max(24, Math.floor(side * 0.7)), maxSide: Math.ceil(side * 1.4) };
}
