import { statSync } from 'node:fs';
import { sep } from 'node:path';
import { IMPORT_ERROR_DETAILS, type ImportError, type ImportSummary } from '../../shared/api/index.ts';
import type { FileStamp, ScannedSong } from './library.repository.ts';
import { readTags } from './read-tags.ts';
import { describeFsError, scanFolder } from './scan-folder.ts';

export interface ScanSink {
  /** A batch of new or changed songs and of unreadable files, to be written in one transaction. */
  batch(songs: ScannedSong[], errors: ImportError[]): void;
  progress(p: { phase: string; done: number; total: number | null; current: string | null }): void;
}

export type ScanCounts = Omit<ImportSummary, 'folder' | 'durationMs'>;

export class ScanCancelled extends Error {
  readonly counts: ScanCounts;

  constructor(counts: ScanCounts) {
    super('cancelled');
    this.counts = counts;
  }
}

/**
 * The file side of an import, without the database: walks `folder` (names first, so the second pass knows
 * its total), reads the tags of files that are new or whose size or mtime differ from `known`, and hands
 * them on in batches with the unreadable files. Returns the counts and the known files that have vanished
 * (never one under a folder that could not be read). Cancelled, it hands on what it has read, then throws
 * ScanCancelled.
 */
export async function scanForChanges(
  folder: string,
  known: ReadonlyMap<string, FileStamp>,
  sink: ScanSink,
  options: { signal: AbortSignal; batchSize: number; coversDir?: string; exclude?: readonly string[] },
): Promise<{ counts: ScanCounts; vanished: string[] }> {
  const counts: ScanCounts = { found: 0, added: 0, updated: 0, unchanged: 0, failed: 0, errors: [] };
  const unreadableFolders: string[] = [];
  const seen = new Set<string>();
  let songs: ScannedSong[] = [];
  let errors: ImportError[] = [];
  const flush = (): void => {
    if (songs.length === 0 && errors.length === 0) return;
    sink.batch(songs, errors);
    songs = [];
    errors = [];
  };
  const fail = (error: ImportError): void => {
    counts.failed += 1;
    counts.errors.push(error);
    errors.push(error);
  };
  try {
    const files: string[] = [];
    for await (const item of scanFolder(folder, options.signal, options.exclude ?? [])) {
      if (item.kind === 'error') {
        unreadableFolders.push(item.error.path + sep);
        fail(item.error);
      } else {
        files.push(item.path);
        sink.progress({ phase: 'finding files', done: files.length, total: null, current: item.path });
      }
    }
    counts.found = files.length;
    let yieldedAt = performance.now();
    for (const [index, path] of files.entries()) {
      // Tag reads are synchronous here: give the thread's event loop a turn every ~20 ms, so a cancel
      // message gets through.
      if (performance.now() - yieldedAt > 20) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        yieldedAt = performance.now();
      }
      sink.progress({ phase: 'reading tags', done: index, total: files.length, current: path });
      options.signal.throwIfAborted();
      seen.add(path);
      try {
        // Synchronous: this runs in the scan worker, where blocking is free and thread-pool hops are not.
        const info = statSync(path);
        const stamp = { sizeBytes: info.size, mtimeMs: Math.trunc(info.mtimeMs) };
        const before = known.get(path);
        if (before && before.sizeBytes === stamp.sizeBytes && before.mtimeMs === stamp.mtimeMs) {
          counts.unchanged += 1;
          continue;
        }
        songs.push(await readTags(path, stamp, options.coversDir ? { coversDir: options.coversDir } : {}));
        if (before) counts.updated += 1;
        else counts.added += 1;
      } catch (error) {
        fail({ path, message: describeReadError(error) });
      }
      if (songs.length + errors.length >= options.batchSize) flush();
    }
  } catch (error) {
    flush();
    if (options.signal.aborted) throw new ScanCancelled(counts);
    throw error;
  }
  flush();
  sink.progress({ phase: 'cleaning up', done: counts.found, total: counts.found, current: null });
  const vanished = [...known.keys()].filter((path) => !seen.has(path) && !unreadableFolders.some((dir) => path.startsWith(dir)));
  return { counts, vanished };
}

/**
 * A file whose tags cannot be read, in plain words; the parser's own message (e.g. "FourCC contains invalid
 * characters" and the raw bytes) follows as details, with unprintable characters replaced so nothing draws
 * as missing glyphs.
 */
export function describeReadError(error: unknown): string {
  if ((error as NodeJS.ErrnoException).code) return describeFsError(error);
  const technical = [...String((error as Error)?.message ?? error)]
    .map((c) => {
      const code = c.codePointAt(0) ?? 0;
      return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0xfffd ? '?' : c;
    })
    .join('')
    .slice(0, 200);
  return `not an audio file Emotune can read: it may be damaged, or another kind of file${IMPORT_ERROR_DETAILS}${technical}`;
}
