import { opendir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImportError } from '../../shared/api/index.ts';
import { isAudioFile } from './audio-files.ts';
import { isExcluded } from './importable-folder.ts';

export type ScanItem = { kind: 'file'; path: string } | { kind: 'error'; error: ImportError };

/**
 * Walks a folder tree depth-first and yields every audio file, streaming (a huge library is never held as one
 * list). A folder that cannot be read is yielded as an error and skipped; links are followed, but each real
 * folder is entered once, so a link loop cannot trap the walk. Entries are sorted for a stable order. Hidden
 * entries and the `exclude`d folders (the app's own data folder) are left out.
 */
export async function* scanFolder(root: string, signal?: AbortSignal, exclude: readonly string[] = []): AsyncGenerator<ScanItem> {
  const visited = new Set<string>();
  const pending = [root];
  while (pending.length > 0) {
    signal?.throwIfAborted();
    const dir = pending.pop() as string;
    let entries: { name: string; isDir: boolean; isFile: boolean; isLink: boolean }[];
    try {
      const real = await realpath(dir);
      if (visited.has(real)) continue;
      visited.add(real);
      entries = [];
      for await (const entry of await opendir(dir)) {
        entries.push({
          name: entry.name,
          isDir: entry.isDirectory(),
          isFile: entry.isFile(),
          isLink: entry.isSymbolicLink(),
        });
      }
    } catch (error) {
      yield { kind: 'error', error: { path: dir, message: `folder not readable: ${describeFsError(error)}` } };
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subfolders: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      // A name that is not UTF-8 reaches Node with U+FFFD in place of its bytes: the path cannot be opened
      // again by that name, so it is reported, not silently lost.
      if (entry.name.includes('\uFFFD') && (entry.isFile || entry.isLink) && isAudioFile(path)) {
        yield { kind: 'error', error: { path, message: 'the file name is not valid UTF-8 text; rename the file to import it' } };
        continue;
      }
      let isDir = entry.isDir;
      let isFile = entry.isFile;
      if (entry.isLink) {
        try {
          const target = await stat(path);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          if (isAudioFile(path)) yield { kind: 'error', error: { path, message: `broken link: ${describeFsError(error)}` } };
          continue;
        }
      }
      if (isDir && !isExcluded(path, exclude)) subfolders.push(path);
      else if (isFile && isAudioFile(path)) yield { kind: 'file', path };
    }
    // Reverse so that popping visits subfolders in sorted order.
    pending.push(...subfolders.reverse());
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'no such file or folder';
    case 'ENOTDIR':
      return 'not a folder';
    case 'ELOOP':
      return 'too many levels of links';
    default:
      return (error as Error).message ?? String(error);
  }
}
