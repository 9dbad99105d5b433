import { mkdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ImportSummary } from '../../shared/api/index.ts';
import { EmotuneError } from '../../shared/errors.ts';
import { JobCancelledError, type JobContext } from '../jobs/index.ts';
import type { ScanCounts } from './folder-scan.ts';
import type { LibraryRepository } from './library.repository.ts';
import { excludedUnder, refusedLibraryFolder } from './importable-folder.ts';
import { describeFsError } from './scan-folder.ts';
import type { FromScanWorker, ToScanWorker } from './scan.protocol.ts';

export interface LibraryImporterDeps {
  repository: LibraryRepository;
  /** The scan worker's entry (scan.worker.js beside the bundle, or the .ts source). */
  workerUrl: URL;
  /** Where cover art is cached (created when needed); none: covers are not extracted. */
  coversDir?: string;
  /** Rows written per transaction. */
  batchSize?: number;
  now?: () => number;
  /** The app's data folder: never imported, and left out of a library folder that holds it. */
  dataDir?: string;
}

/**
 * Imports a folder tree into the library. A worker thread walks the folders and reads tags (new and changed
 * files only, by size and mtime) and streams batches back; this side writes each batch in one transaction,
 * records unreadable files with their reason, and removes songs whose files vanished. Cancelled or killed at
 * any point, what was written is consistent, and the next import continues from it.
 */
export class LibraryImporter {
  readonly #deps: LibraryImporterDeps;

  constructor(deps: LibraryImporterDeps) {
    this.#deps = deps;
  }

  async importFolder(folderInput: string, job: JobContext): Promise<ImportSummary> {
    const { repository } = this.#deps;
    const now = this.#deps.now ?? Date.now;
    const startedAt = now();
    const folder = resolve(folderInput);
    const refused = refusedLibraryFolder(folder, this.#deps.dataDir ?? null);
    if (refused) throw new EmotuneError('invalid-input', refused);
    await assertReadableFolder(folder);
    // Recorded before the first file is read: an import killed half-way leaves a folder that Rescan and the
    // watcher know, and its next scan completes it.
    repository.recordFolder(folder, now());
    const known = repository.stampsUnder(folder.endsWith(sep) ? folder : folder + sep);
    if (this.#deps.coversDir) mkdirSync(this.#deps.coversDir, { recursive: true });
    const summarise = (counts: ScanCounts): ImportSummary => ({ folder, ...counts, durationMs: now() - startedAt });

    const worker = new Worker(this.#deps.workerUrl);
    const post = (message: ToScanWorker): void => worker.postMessage(message);
    const cancel = (): void => post({ type: 'cancel' });
    job.signal.addEventListener('abort', cancel, { once: true });
    try {
      const outcome = await new Promise<FromScanWorker & { type: 'done' | 'cancelled' }>((resolveScan, reject) => {
        worker.on('message', (message: FromScanWorker) => {
          try {
            switch (message.type) {
              case 'batch':
                repository.saveBatch(message.songs, message.errors, now());
                break;
              case 'progress':
                job.onProgress(message);
                break;
              case 'done':
              case 'cancelled':
                resolveScan(message);
                break;
              case 'failed':
                reject(new EmotuneError('internal', `import failed: ${message.message}`));
                break;
            }
          } catch (error) {
            reject(error);
          }
        });
        worker.on('error', (error) => reject(new EmotuneError('internal', `import worker stopped: ${error.message}`)));
        worker.on('exit', (code) => reject(new EmotuneError('internal', `import worker exited (${code})`)));
        post({
          type: 'scan',
          folder,
          known: [...known],
          batchSize: this.#deps.batchSize ?? 200,
          coversDir: this.#deps.coversDir ?? null,
          exclude: excludedUnder(folder, this.#deps.dataDir ?? null),
        });
      });
      if (outcome.type === 'cancelled') throw new JobCancelledError(summarise(outcome.counts));
      repository.removeSongs(outcome.vanished);
      repository.recordFolderScan(folder, now());
      return summarise(outcome.counts);
    } finally {
      job.signal.removeEventListener('abort', cancel);
      await worker.terminate();
    }
  }
}

/** Imports several folders one after the other as one job (a rescan of the whole library). */
export async function importFolders(importer: LibraryImporter, folders: readonly string[], job: JobContext): Promise<ImportSummary> {
  const total: ImportSummary = {
    folder: folders.length === 1 ? (folders[0] as string) : `${folders.length} folders`,
    found: 0,
    added: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    errors: [],
    durationMs: 0,
  };
  const add = (part: ImportSummary): void => {
    total.found += part.found;
    total.added += part.added;
    total.updated += part.updated;
    total.unchanged += part.unchanged;
    total.failed += part.failed;
    total.errors.push(...part.errors);
    total.durationMs += part.durationMs;
  };
  for (const folder of folders) {
    try {
      add(await importer.importFolder(folder, job));
    } catch (error) {
      if (error instanceof JobCancelledError && error.partial && 'found' in error.partial) {
        add(error.partial);
        throw new JobCancelledError(total);
      }
      if (job.signal.aborted) throw new JobCancelledError(total);
      // One folder asked for by name fails loudly; in a rescan, a folder that went away (an unplugged
      // drive) is reported, and the others are still scanned.
      if (folders.length === 1) throw error;
      total.failed += 1;
      total.errors.push({ path: folder, message: (error as Error).message });
    }
  }
  return total;
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
