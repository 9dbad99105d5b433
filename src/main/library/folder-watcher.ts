import { watch, type FSWatcher } from 'node:fs';

export interface FolderWatcherDeps {
  /** Called once things have settled after changes under a folder. */
  onChanged(folder: string): void;
  /** Quiet time after the last change before reporting it, ms (a copy of an album is many events). */
  debounceMs?: number;
  log?: (message: string) => void;
}

/**
 * Watches library folders (recursively) and reports each one that changed, after a quiet spell, so the
 * incremental import picks up added, changed and removed files. A folder that cannot be watched is logged
 * and left to manual rescans.
 */
export class FolderWatcher {
  readonly #deps: FolderWatcherDeps;
  readonly #watchers = new Map<string, FSWatcher>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(deps: FolderWatcherDeps) {
    this.#deps = deps;
  }

  get folders(): string[] {
    return [...this.#watchers.keys()];
  }

  /** Watches exactly these folders from now on. */
  set(folders: readonly string[]): void {
    for (const folder of this.folders) if (!folders.includes(folder)) this.#unwatch(folder);
    for (const folder of folders) {
      if (this.#watchers.has(folder)) continue;
      try {
        const watcher = watch(folder, { recursive: true, persistent: false }, () => this.#changed(folder));
        watcher.on('error', (error) => {
          this.#deps.log?.(`stopped watching ${folder}: ${error.message}`);
          this.#unwatch(folder);
        });
        this.#watchers.set(folder, watcher);
      } catch (error) {
        this.#deps.log?.(`cannot watch ${folder}: ${(error as Error).message}`);
      }
    }
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
    this.#watchers.get(folder)?.close();
    this.#watchers.delete(folder);
    clearTimeout(this.#timers.get(folder));
    this.#timers.delete(folder);
  }
}
