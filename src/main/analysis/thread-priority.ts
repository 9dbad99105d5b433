import { readlinkSync } from 'node:fs';
import { availableParallelism, getPriority, setPriority } from 'node:os';

/** The nice value analysis threads run at: the camera, the emotion model and the UI always come first. */
export const BACKGROUND_NICENESS = 10;

/**
 * Lowers the calling thread's scheduling priority (Linux: the nice value is per thread, and a thread's id,
 * read from /proc/thread-self, addresses it in setpriority). Returns the nice value the thread now has, or
 * null where a single thread's priority cannot be set (other systems, or /proc not mounted).
 */
export function lowerThisThreadPriority(niceness: number = BACKGROUND_NICENESS): number | null {
  const tid = thisThreadId();
  if (tid === null) return null;
  try {
    if (getPriority(tid) < niceness) setPriority(tid, niceness);
    return getPriority(tid);
  } catch {
    return null;
  }
}

/** Whether analysis threads can be put behind everything else (see lowerThisThreadPriority). */
export function canLowerThreadPriority(): boolean {
  return thisThreadId() !== null;
}

/** The calling thread's kernel id (Linux, /proc/thread-self), or null where there is none to be had. */
function thisThreadId(): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/**
 * How many analysis threads by default: every core where they run at background priority (the scheduler then
 * gives the camera, the model and the UI the CPU whenever they want it, and the analysis the rest), else
 * every core but one.
 */
export function defaultAnalysisThreads(cores: number = availableParallelism(), background: boolean = canLowerThreadPriority()): number {
  return Math.max(1, background ? cores : cores - 1);
}
