import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../shared/api/index.ts';
import { describeProgress } from './progress-text.ts';

const progress = (done: number, total: number | null): JobProgress => ({
  jobId: 'j',
  kind: 'library.import',
  phase: 'reading tags',
  done,
  total,
  current: null,
  startedAt: 0,
});

describe('describeProgress', () => {
  it('counts while the total is unknown', () => {
    expect(describeProgress({ ...progress(1200, null), phase: 'finding files' }, 500)).toBe('finding files: 1,200 found');
  });

  it('gives the rate and the time left', () => {
    expect(describeProgress(progress(100, 1000), 4000)).toBe('reading tags: 100 of 1,000 files · 25 files/s · about 36 s left');
    expect(describeProgress(progress(100, 10_000), 4000)).toBe('reading tags: 100 of 10,000 files · 25 files/s · about 7 min left');
  });

  it('waits a second before estimating', () => {
    expect(describeProgress(progress(3, 10), 200)).toBe('reading tags: 3 of 10 files');
  });
});
