import { describe, expect, it } from 'vitest';
import { defaultAnalysisThreads } from './thread-priority.ts';

describe('defaultAnalysisThreads', () => {
  it('uses every core where the analysis runs behind everything else, else leaves one core free', () => {
    expect(defaultAnalysisThreads(2, true)).toBe(2);
    expect(defaultAnalysisThreads(8, true)).toBe(8);
    expect(defaultAnalysisThreads(2, false)).toBe(1);
    expect(defaultAnalysisThreads(1, false)).toBe(1);
  });
});
