import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { ImportError, ImportSummary } from '../../shared/api/index.ts';
import { EmotuneError } from '../../shared/errors.ts';
import { JobCancelledError, type JobContext } from '../jobs/index.ts';
import type { LibraryRepository, ScannedSong } from './library.repository.ts';
import { readTags as readTagsFromFile } from './read-tags.ts';
import { describeFsError, scanFolder } from './scan-folder.ts';

export interface LibraryImporterDeps {
  repository: LibraryRepository;
  readTags?: typeof readTagsFromFile;
  /** Rows written per transaction. */
  batchSize?: number;
  now?: () => number;
}

/**
 * Imports a folder tree into the library: streams the walk, skips files whose size and mtime are unchanged,
 * reads tags of the others, writes in batched transactions, records every unreadable file or folder with its
 * reason and goes on, and removes songs whose files have vanished. Cancelled or killed midway, everything
 * written so far is consistent, and the next run continues from it.
 */
export class LibraryImporter {
  readonly #repository: LibraryRepository;
  readonly #readTags: typeof readTagsFromFile;
  readonly #batchSize: number;
  readonly #now: () => number;

  constructor(deps: LibraryImporterDeps) {
    this.#repository = deps.repository;
    this.#readTags = deps.readTags ?? readTagsFromFile;
    this.#batchSize = deps.batchSize ?? 200;
    this.#now = deps.now ?? Date.now;
  }

  async importFolder(folderInput: string, job: JobContext): Promise<ImportSummary> {
    const startedAt = this.#now();
    const folder = resolve(folderInput);
    await assertReadableFolder(folder);

    const prefix = folder.endsWith(sep) ? folder : folder + sep;
    const known = this.#repository.stampsUnder(prefix);
    const summary: ImportSummary = {
      folder,
      found: 0,
      added: 0,
      updated: 0,
      unchanged: 0,
      failed: 0,
      errors: [],
      durationMs: 0,
    };
    const seen = new Set<string>();
    const unreadableFolders: string[] = [];
    let songs: ScannedSong[] = [];
    let errors: ImportError[] = [];
    const flush = (): void => {
      if (songs.length === 0 && errors.length === 0) return;
      this.#repository.saveBatch(songs, errors, this.#now());
      songs = [];
      errors = [];
    };
    const fail = (error: ImportError): void => {
      summary.failed += 1;
      summary.errors.push(error);
      errors.push(error);
    };

    try {
      // Pass 1: walk the tree (fast: names only), so pass 2 can show a real progress bar and an ETA.
      const files: string[] = [];
      for await (const item of scanFolder(folder, job.signal)) {
        if (item.kind === 'error') {
          unreadableFolders.push(item.error.path + sep);
          fail(item.error);
        } else {
          files.push(item.path);
          job.onProgress({ phase: 'finding files', done: files.length, total: null, current: item.path });
        }
      }
      summary.found = files.length;
      // Pass 2: read the tags of new and changed files.
      for (const [index, path] of files.entries()) {
        job.onProgress({ phase: 'reading tags', done: index, total: files.length, current: path });
        job.signal.throwIfAborted();
        seen.add(path);
        try {
          const info = await stat(path);
          const stampNow = { sizeBytes: info.size, mtimeMs: Math.trunc(info.mtimeMs) };
          const before = known.get(path);
          if (before && before.sizeBytes === stampNow.sizeBytes && before.mtimeMs === stampNow.mtimeMs) {
            summary.unchanged += 1;
            continue;
          }
          songs.push(await this.#readTags(path, stampNow));
          if (before) summary.updated += 1;
          else summary.added += 1;
        } catch (error) {
          fail({ path, message: describeReadError(error) });
        }
        if (songs.length + errors.length >= this.#batchSize) flush();
      }
      flush();
      job.onProgress({ phase: 'cleaning up', done: summary.found, total: summary.found, current: null });
      // A file counts as vanished only where its folder was read: an unreadable folder loses nothing.
      const vanished = [...known.keys()].filter(
        (path) => !seen.has(path) && !unreadableFolders.some((dir) => path.startsWith(dir)),
      );
      this.#repository.removeSongs(vanished);
      this.#repository.recordFolderScan(folder, this.#now());
    } catch (error) {
      flush();
      if (job.signal.aborted) {
        summary.durationMs = this.#now() - startedAt;
        throw new JobCancelledError(summary);
      }
      throw error;
    }
    summary.durationMs = this.#now() - startedAt;
    return summary;
  }
}

async function assertReadableFolder(folder: string): Promise<void> {
  let info;
  try {
    info = await stat(folder);
  } catch (error) {
    throw new EmotuneError('folder-unreadable', `cannot read ${folder}: ${describeFsError(error)}`);
  }
  if (!info.isDirectory()) throw new EmotuneError('folder-unreadable', `${folder} is not a folder`);
}

function describeReadError(error: unknown): string {
  if ((error as NodeJS.ErrnoException).code) return describeFsError(error);
  const message = (error as Error).message ?? String(error);
  return `unreadable audio: ${message}`;
}
