/** A tick of a time axis that ends now: how long before the last point, and its label. */
export interface TimeTick {
  agoMs: number;
  label: string;
}

const STEPS_MS = [5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000];

function formatAgo(ms: number): string {
  if (ms === 0) return 'now';
  return ms < 60_000 ? `−${Math.round(ms / 1000)} s` : `−${Math.round(ms / 60_000)} min`;
}

/**
 * Ticks for a chart spanning `spanMs` up to now: "now" at the right end, then back in the smallest round step
 * (5 s … 1 h) that gives at most `maxTicks` of them, so the labels never crowd.
 */
export function makeTimeTicks(spanMs: number, maxTicks = 5): TimeTick[] {
  if (!(spanMs > 0)) return [{ agoMs: 0, label: 'now' }];
  const step = STEPS_MS.find((s) => Math.floor(spanMs / s) + 1 <= maxTicks) ?? (STEPS_MS.at(-1) as number);
  const ticks: TimeTick[] = [];
  for (let ago = 0; ago <= spanMs; ago += step) ticks.push({ agoMs: ago, label: formatAgo(ago) });
  return ticks;
}
