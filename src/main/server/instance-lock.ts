import { existsSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Another `emotune serve` that holds the data folder: where it is. */
export interface RunningInstance {
  pid: number;
  url: string;
}

/** The data folder held by this process until `release()`; `publish(url)` tells a second start where to go. */
export interface InstanceLock {
  readonly file: string;
  publish(url: string): void;
  release(): void;
}

export type LockOutcome = { lock: InstanceLock } | { running: RunningInstance };

export interface LockOptions {
  /** Whether a server answers at this address (default: any HTTP answer within 1.5 s). */
  probe?: (url: string) => Promise<boolean>;
  /** How long to wait for a holder that is still starting to publish its address (default 15 s). */
  startupWaitMs?: number;
}

interface LockContent {
  pid: number;
  url: string | null;
  startedAt: string;
}

export const LOCK_FILE = 'browser-mode.lock';

/**
 * One browser-mode server per data folder, as the Electron app is one instance per user: two would both open
 * the camera and write the same library. The lock is a file in the data folder, created exclusively, holding
 * the holder's process id and address (readable by the user only: the address carries the run's token, as
 * Jupyter's runtime files do). A lock whose process is gone, or whose address no longer answers (a crash, a
 * reused process id), is stale and taken over.
 */
export async function lockDataDir(dataDir: string, options: LockOptions = {}): Promise<LockOutcome> {
  const probe = options.probe ?? answers;
  const file = join(dataDir, LOCK_FILE);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (create(file)) return { lock: heldLock(file) };
    const holder = await waitForAddress(file, options.startupWaitMs ?? 15_000);
    if (holder?.url && alive(holder.pid) && (await probe(holder.url))) return { running: { pid: holder.pid, url: holder.url } };
    // Stale: take it over. Another process may do the same at once; the exclusive create decides.
    try {
      unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`cannot lock the data folder ${dataDir}: ${file} keeps coming back`);
}

function create(file: string): boolean {
  const content: LockContent = { pid: process.pid, url: null, startedAt: new Date().toISOString() };
  try {
    writeFileSync(file, JSON.stringify(content), { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function heldLock(file: string): InstanceLock {
  const startedAt = new Date().toISOString();
  let released = false;
  return {
    file,
    publish(url) {
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify({ pid: process.pid, url, startedAt } satisfies LockContent), { mode: 0o600 });
      renameSync(temp, file);
    },
    release() {
      if (released) return;
      released = true;
      if (read(file)?.pid !== process.pid) return; // taken over meanwhile: not ours to remove
      try {
        unlinkSync(file);
      } catch {
        // Already gone.
      }
    },
  };
}

/**
 * The lock's content once its holder has published an address (or is gone, or took too long); null when the
 * file is gone or stays unreadable for a second (a holder between creating and writing it reads as empty).
 */
async function waitForAddress(file: string, waitMs: number): Promise<LockContent | null> {
  const started = Date.now();
  for (;;) {
    const content = read(file);
    const waited = Date.now() - started;
    if (content === null) {
      if (waited >= 1000 || !existsSync(file)) return null;
    } else if (content.url || !alive(content.pid) || waited >= waitMs) {
      return content;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function read(file: string): LockContent | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockContent>;
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid)) return null;
    return { pid: parsed.pid, url: typeof parsed.url === 'string' ? parsed.url : null, startedAt: String(parsed.startedAt ?? '') };
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return false; // a lock left by an earlier run that had this process id
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(new URL('/', url), { signal: AbortSignal.timeout(1500), redirect: 'manual' });
    return true;
  } catch {
    return false;
  }
}
