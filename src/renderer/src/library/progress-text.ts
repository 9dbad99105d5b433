import type { JobProgress } from '../../../shared/api/index.ts';

/** "120 of 1,000 files · 35 files/s · about 25 s left" from a progress event and the current time. */
export function describeProgress(progress: JobProgress, now: number): string {
  const count = new Intl.NumberFormat('en');
  if (progress.total === null) return `${progress.phase}: ${count.format(progress.done)} found`;
  const elapsedSec = Math.max(0.001, (now - progress.startedAt) / 1000);
  const rate = progress.done / elapsedSec;
  const parts = [`${progress.phase}: ${count.format(progress.done)} of ${count.format(progress.total)} files`];
  if (progress.done > 0 && elapsedSec >= 1) {
    parts.push(`${rate >= 10 ? Math.round(rate) : rate.toFixed(1)} files/s`);
    const leftSec = (progress.total - progress.done) / rate;
    parts.push(leftSec < 60 ? `about ${Math.max(1, Math.round(leftSec))} s left` : `about ${Math.round(leftSec / 60)} min left`);
  }
  return parts.join(' · ');
}
