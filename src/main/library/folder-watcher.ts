import { watch, type FSWatcher } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve, sep } from 'node:path';
import { isAudioFile } from './audio-files.ts';
import { isExcluded } from './importable-folder.ts';

export interface FolderWatcherDeps {
  /** Called once things have settled after changes under a folder. */
  onChanged(folder: string): void;
  /** Quiet time after the last change before reporting it, ms (a copy of an album is many events). */
  debounceMs?: number;
  log?: (message: string) => void;
  /** One watch per directory, placed by an asynchronous walk (default: on Linux, which has no recursive watch). */
  perDirectory?: boolean;
  /** Folders whose changes never count (the app's data folder, where a library folder holds it). */
  ignore?: readonly string[];
}

/**
 * Whether a change to `path` can change the library: an audio file, or a folder (a name without an ending:
 * an album copied in or removed). A database journal, a cover cache, a text file or anything hidden cannot,
 * nor anything under an ignored folder.
 */
export function isRelevantChange(path: string, ignore: readonly string[]): boolean {
  if (isExcluded(path, ignore)) return false;
  const name = basename(path);
  if (name.startsWith('.')) return false;
  return isAudioFile(path) || extname(name) === '';
}

/**
 * Linux's inotify has no recursive watch. Node's `watch(dir, { recursive: true })` emulates it there by walking
 * the whole tree synchronously and watching every file: for a library of 20,000 files that is 20,401 inotify
 * watches and the event loop blocked for 0.4 s or more, and a bigger library runs into the kernel's watch
 * limit. One watch per directory is enough (a directory's watch reports its files' changes), so on Linux the
 * tree is walked asynchronously, yielding between reads, and new subdirectories are watched as they appear.
 */
const PER_DIRECTORY_DEFAULT = process.platform !== 'darwin' && process.platform !== 'win32';

/** The watches under one library folder. */
class TreeWatch {
  readonly #dirs = new Map<string, FSWatcher>();
  readonly #root: string;
  readonly #onEvent: () => void;
  readonly #log: (message: string) => void;
  readonly #ignore: readonly string[];
  #closed = false;
  #limitLogged = false;

  constructor(root: string, onEvent: () => void, log: (message: string) => void, ignore: readonly string[]) {
    this.#root = root;
    this.#onEvent = onEvent;
    this.#log = log;
    this.#ignore = ignore;
  }

  get size(): number {
    return this.#dirs.size;
  }

  /**
   * Watches the folder itself at once (throws when it cannot), so a file dropped into it is seen from now on;
   * resolves once every directory under it is watched too.
   */
  start(perDirectory: boolean): Promise<void> {
    if (!perDirectory) {
      const watcher = watch(this.#root, { recursive: true, persistent: false }, (_type, name) => {
        if (name === null || isRelevantChange(join(this.#root, String(name)), this.#ignore)) this.#onEvent();
      });
      watcher.on('error', (error) => this.#stopped(this.#root, error));
      this.#dirs.set(this.#root, watcher);
      return Promise.resolve();
    }
    this.#watchDir(this.#root, true);
    return this.#walk(this.#root);
  }

  close(): void {
    this.#closed = true;
    for (const watcher of this.#dirs.values()) watcher.close();
    this.#dirs.clear();
  }

  /** Watches every directory under `dir` (already watched itself), one directory read at a time. */
  async #walk(dir: string): Promise<void> {
    const stack = [dir];
    while (stack.length > 0 && !this.#closed) {
      const current = stack.pop() as string;
      try {
        for await (const entry of await opendir(current, { bufferSize: 128 })) {
          if (this.#closed) return;
          // Dirent types come from lstat: symbolic links are not followed (no cycles).
          // Hidden folders are not scanned, so not watched (~/.local/share/emotune, .git); nor is the data folder.
          if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
          const child = join(current, entry.name);
          if (isExcluded(child, this.#ignore)) continue;
          if (this.#watchDir(child, false)) stack.push(child);
        }
      } catch (error) {
        this.#log(`cannot read ${current} to watch it: ${(error as Error).message}`);
      }
    }
  }

  #watchDir(dir: string, isRoot: boolean): boolean {
    if (this.#closed || this.#dirs.has(dir)) return false;
    try {
      const watcher = watch(dir, { persistent: false }, (type, name) => this.#changed(dir, type, name));
      watcher.on('error', (error) => this.#stopped(dir, error));
      this.#dirs.set(dir, watcher);
      return true;
    } catch (error) {
      if (isRoot) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EMFILE') {
        if (!this.#limitLogged) {
          this.#limitLogged = true;
          this.#log(
            `watching part of ${this.#root} only: the system's limit on watches is reached (${this.#dirs.size} folders watched; ` +
              'raise fs.inotify.max_user_watches, or rescan by hand)',
          );
        }
      } else {
        this.#log(`cannot watch ${dir}: ${(error as Error).message}`);
      }
      return false;
    }
  }

  #changed(dir: string, type: string, name: string | null): void {
    const path = name ? join(dir, name) : dir;
    if (name && !isRelevantChange(path, this.#ignore)) return;
    this.#onEvent();
    // Entries come and go only with 'rename' ('change' is a file's content): a new directory (an album copied
    // in) gets watched, a watched one that went away is let go.
    if (type !== 'rename' || !name || this.#closed) return;
    void stat(path).then(
      (info) => {
        if (info.isDirectory() && this.#watchDir(path, false)) void this.#walk(path);
      },
      () => {
        if (this.#dirs.has(path)) this.#unwatchTree(path);
      },
    );
  }

  #stopped(dir: string, error: Error): void {
    if (dir === this.#root) this.#log(`stopped watching ${dir}: ${error.message}`);
    this.#unwatchTree(dir);
  }

  #unwatchTree(dir: string): void {
    for (const [path, watcher] of this.#dirs) {
      if (path === dir || path.startsWith(dir + sep)) {
        watcher.close();
        this.#dirs.delete(path);
      }
    }
  }
}

/**
 * Watches library folders (recursively) and reports each one that changed, after a quiet spell, so the
 * incremental import picks up added, changed and removed files. A folder that cannot be watched is logged
 * and left to manual rescans.
 */
export class FolderWatcher {
  readonly #deps: FolderWatcherDeps;
  readonly #trees = new Map<string, TreeWatch>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(deps: FolderWatcherDeps) {
    this.#deps = deps;
  }

  get folders(): string[] {
    return [...this.#trees.keys()];
  }

  /** Directories watched in all (one watch each where watches are per directory). */
  get watchCount(): number {
    return [...this.#trees.values()].reduce((sum, tree) => sum + tree.size, 0);
  }

  /**
   * Watches exactly these folders from now on: each folder itself at once, the directories under it by the
   * time the promise resolves.
   */
  async set(folders: readonly string[]): Promise<void> {
    for (const folder of this.folders) if (!folders.includes(folder)) this.#unwatch(folder);
    const log = this.#deps.log ?? (() => {});
    await Promise.all(
      folders
        .filter((folder) => !this.#trees.has(folder))
        .map((folder) => {
          const tree = new TreeWatch(folder, () => this.#changed(folder), log, (this.#deps.ignore ?? []).map((f) => resolve(f)));
          this.#trees.set(folder, tree);
          try {
            return tree.start(this.#deps.perDirectory ?? PER_DIRECTORY_DEFAULT);
          } catch (error) {
            log(`cannot watch ${folder}: ${(error as Error).message}`);
            this.#unwatch(folder);
            return Promise.resolve();
          }
        }),
    );
  }

  close(): void {
    for (const folder of this.folders) this.#unwatch(folder);
  }

  #changed(folder: string): void {
    clearTimeout(this.#timers.get(folder));
    this.#timers.set(
      folder,
      setTimeout(() => {
        this.#timers.delete(folder);
        this.#deps.onChanged(folder);
      }, this.#deps.debounceMs ?? 3000),
    );
  }

  #unwatch(folder: string): void {
    this.#trees.get(folder)?.close();
    this.#trees.delete(folder);
    clearTimeout(this.#timers.get(folder));
    this.#timers.delete(folder);
  }
}
