import { describe, expect, it } from 'vitest';
import { findVisibleRows } from './visible-rows.ts';

describe('findVisibleRows', () => {
  it('keeps the first screen (and the overscan) while the table is below or at the top of the screen', () => {
    expect(findVisibleRows(500, 800, 20_000, 32, 10)).toEqual({ start: 0, end: 45 });
    expect(findVisibleRows(0, 800, 20_000, 32, 10)).toEqual({ start: 0, end: 45 });
  });

  it('follows the scroll, with the overscan above', () => {
    expect(findVisibleRows(-32_000, 800, 20_000, 32, 10)).toEqual({ start: 990, end: 1035 });
  });

  it('keeps a full window at the end, and fits a table shorter than the screen', () => {
    expect(findVisibleRows(-640_000, 800, 20_000, 32, 10)).toEqual({ start: 19_955, end: 20_000 });
    expect(findVisibleRows(-100, 800, 12, 32, 10)).toEqual({ start: 0, end: 12 });
    expect(findVisibleRows(0, 800, 0, 32, 10)).toEqual({ start: 0, end: 0 });
  });
});
