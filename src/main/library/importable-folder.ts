import { isAbsolute, parse, relative, resolve, sep } from 'node:path';

/**
 * Folders that are not music: the system's pseudo-filesystems (walking /proc follows every process's cwd and
 * root links, i.e. the whole disk, again and again), and the whole disk itself.
 */
const SYSTEM_FOLDERS = ['/proc', '/sys', '/dev', '/run'];

/** Whether `path` is `folder` or lies inside it. */
export function isInside(path: string, folder: string): boolean {
  const rel = relative(resolve(folder), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Why a folder cannot be a library folder, or null where it can: the disk's root, a system folder, or the
 * app's own data folder (its database writes would wake the folder watcher for ever).
 */
export function refusedLibraryFolder(folder: string, dataDir: string | null): string | null {
  const path = resolve(folder);
  if (parse(path).root === path) return `${path} is the whole disk; choose the folder that holds your music`;
  if (process.platform !== 'win32') {
    const system = SYSTEM_FOLDERS.find((s) => isInside(path, s));
    if (system) return `${path} is a system folder (${system}), not music`;
  }
  if (dataDir && isInside(path, dataDir)) return `${path} is Emotune's own data folder, not music`;
  return null;
}

/** Folders under `folder` an import and the watcher must leave out (the app's data folder, where it lies inside). */
export function excludedUnder(folder: string, dataDir: string | null): string[] {
  return dataDir && isInside(dataDir, folder) && resolve(dataDir) !== resolve(folder) ? [resolve(dataDir)] : [];
}

/** Whether `path` is one of `excluded` or inside one. */
export function isExcluded(path: string, excluded: readonly string[]): boolean {
  return excluded.some((e) => path === e || path.startsWith(e.endsWith(sep) ? e : e + sep));
}
