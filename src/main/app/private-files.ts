import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { keepToOwner } from '../library/index.ts';

/**
 * The data folder holds the library (every file path and tag), listening feedback, settings and the running
 * server's address: readable by its user only (0700, files 0600), whatever the umask. A folder of earlier
 * versions (0755, files 0644) is tightened, the folder and the files directly in it, where the user owns them.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return; // ACLs, not modes: the user profile is private already
  keepToOwner(dir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // unreadable: opening the database says so, with the file's name
  }
  for (const name of names) keepToOwner(join(dir, name));
}
