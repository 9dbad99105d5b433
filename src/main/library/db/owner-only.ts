import { chmodSync, statSync } from 'node:fs';

/**
 * Takes group and other users' access away from a file or folder the user owns (0644 → 0600, 0755 → 0700).
 * One not ours, missing, or on a read-only mount is left as it is: whatever opens it reports what matters.
 * (Windows: ACLs, not modes; the user profile is private already.)
 */
export function keepToOwner(path: string): void {
  if (process.platform === 'win32') return;
  try {
    const stat = statSync(path);
    const mine = typeof process.getuid !== 'function' || stat.uid === process.getuid();
    if (mine && (stat.mode & 0o077) !== 0) chmodSync(path, stat.mode & 0o700);
  } catch {
    // not ours to change, or not there (-wal, -shm before first use)
  }
}
