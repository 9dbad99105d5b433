import { opendir, realpath, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { EmotuneError } from '../../shared/errors.ts';
import { isInside } from './importable-folder.ts';
import { naturalKey } from './natural-sort.ts';

export interface FolderListing {
  /** The folder listed, or null for the list of places to start from. */
  path: string | null;
  /** Where "up" goes: the parent while it stays within the allowed places, else null (back to the places). */
  parent: string | null;
  folders: { name: string; path: string }[];
  /** More subfolders than listed. */
  truncated: boolean;
}

const MAX_LISTED = 2000;

/**
 * Browser mode's folder picker, on the server: a page cannot ask the browser for a folder's path, so it asks
 * Emotune for the folders under the user's home and the library's folders, and nothing else (a link out of
 * them is refused, as is any other path). Hidden folders are left out, as the import leaves them out.
 */
export async function browseFolders(path: string | null, places: readonly string[]): Promise<FolderListing> {
  const roots = [...new Set(places.map((p) => resolve(p)))];
  if (path === null) {
    return { path: null, parent: null, folders: roots.map((p) => ({ name: p, path: p })), truncated: false };
  }
  let real: string;
  try {
    real = await realpath(resolve(path));
  } catch {
    throw new EmotuneError('not-found', `no folder ${path}`);
  }
  const realRoots = await Promise.all(roots.map((r) => realpath(r).catch(() => r)));
  const root = realRoots.find((r) => isInside(real, r));
  if (!root) throw new EmotuneError('media-refused', `${path} is outside your home and library folders`);
  const folders: { name: string; path: string }[] = [];
  let truncated = false;
  try {
    for await (const entry of await opendir(real)) {
      if (entry.name.startsWith('.')) continue;
      if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
      const child = join(real, entry.name);
      if (entry.isSymbolicLink()) {
        const target = await realpath(child).catch(() => null);
        if (!target || !realRoots.some((r) => isInside(target, r))) continue;
        if (!(await stat(target)).isDirectory()) continue;
      }
      if (folders.length >= MAX_LISTED) {
        truncated = true;
        break;
      }
      folders.push({ name: entry.name, path: child });
    }
  } catch (error) {
    throw new EmotuneError('folder-unreadable', `cannot read ${real}: ${(error as Error).message}`);
  }
  folders.sort((a, b) => ((naturalKey(a.name) as string) < (naturalKey(b.name) as string) ? -1 : 1));
  const up = dirname(real);
  return { path: real, parent: real !== root && up !== real ? up : null, folders, truncated };
}

