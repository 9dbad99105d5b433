/**
 * Lets through at most one call per `intervalMs` (plus always the first), so progress events stay near
 * 10/s however fast items are processed. `flush` forces the last value out at the end of a job.
 */
export function createThrottle<T>(
  intervalMs: number,
  send: (value: T) => void,
  now: () => number = Date.now,
): { push(value: T): void; flush(): void } {
  let lastSentAt = -Infinity;
  let pending: { value: T } | null = null;
  return {
    push(value) {
      const t = now();
      if (t - lastSentAt >= intervalMs) {
        lastSentAt = t;
        pending = null;
        send(value);
      } else {
        pending = { value };
      }
    },
    flush() {
      if (pending) {
        lastSentAt = now();
        send(pending.value);
        pending = null;
      }
    },
  };
}
