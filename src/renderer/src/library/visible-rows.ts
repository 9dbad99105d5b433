/** The rows of a long table to keep in the document: [start, end). */
export interface RowWindow {
  start: number;
  end: number;
}

/**
 * Which rows of a table of `total` fixed-height rows are on screen, plus `overscan` rows beyond each edge:
 * `bodyTop` is where the table body's top is relative to the viewport (negative once scrolled past it). Near
 * the end the window keeps its size, so the last screen is full.
 */
export function findVisibleRows(bodyTop: number, viewportHeight: number, total: number, rowPx: number, overscan: number): RowWindow {
  const count = Math.ceil(viewportHeight / rowPx) + 2 * overscan;
  const first = Math.max(0, Math.floor(-bodyTop / rowPx) - overscan);
  const start = Math.max(0, Math.min(first, total - count));
  return { start, end: Math.min(total, start + count) };
}
