import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The data folder holds the library (every file path and tag), listening feedback, settings and the running
 * server's address: readable by its user only (0700, files 0600), whatever the umask. A folder of earlier
 * versions (0755, files 0644) is tightened, the folder and the files directly in it, where the user owns them.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return; // ACLs, not modes: the user profile is private already
  tighten(dir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // unreadable: opening the database says so, with the file's name
  }
  for (const name of names) tighten(join(dir, name));
}

function tighten(path: string): void {
  try {
    const stat = statSync(path);
    const mine = typeof process.getuid !== 'function' || stat.uid === process.getuid();
    if (mine && (stat.mode & 0o077) !== 0) chmodSync(path, stat.mode & 0o700);
  } catch {
    // Not ours to change (another owner, a read-only mount): whatever opens it reports what matters.
  }
}
