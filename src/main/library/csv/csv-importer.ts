import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { CsvImportSummary } from '../../../shared/api/index.ts';
import { isEmotion, type Emotion } from '../../../shared/emotion.ts';
import { EmotuneError } from '../../../shared/errors.ts';
import { JobCancelledError, type JobContext } from '../../jobs/index.ts';
import type { CatalogueRepository } from './catalogue.repository.ts';
import { CSV_LIMITS, CsvLimitError, CsvParser } from './csv-parse.ts';
import { mapColumns, toCatalogueRow, type CatalogueRow, type ColumnMap } from './feature-table.ts';

/** Rows per transaction: about 30 ms of writing, so the app keeps answering during a big import. */
const BATCH_ROWS = 1000;
const UNMATCHED_SHOWN = 50;
/** Songs in one emotion's list (a list is matched as a whole, so it is held in memory). */
const MAX_LIST_ROWS = 100_000;

/**
 * Imports CSV tables, plain or gzipped, streamed: Spotify-style feature tables go into the catalogue (and
 * their features onto the library songs they name); paper 1's per-emotion song lists (happy.csv, sad.csv, …,
 * or any table with `list` given) assign the songs they name to that emotion.
 */
export class CsvImporter {
  readonly #catalogue: CatalogueRepository;

  constructor(deps: { catalogue: CatalogueRepository }) {
    this.#catalogue = deps.catalogue;
  }

  async importCsv(fileInput: string, options: { list: Emotion | null }, job: JobContext): Promise<CsvImportSummary> {
    const started = Date.now();
    const file = resolve(fileInput);
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
    } catch {
      throw new EmotuneError('not-found', `no such CSV file: ${file}`);
    }
    const source = basename(file);
    const stem = source.replace(/\.csv(\.gz)?$/i, '').toLowerCase();
    const summary: CsvImportSummary = {
      file,
      kind: 'features',
      emotion: null,
      rows: 0,
      imported: 0,
      skipped: 0,
      matched: 0,
      unmatched: [],
      durationMs: 0,
    };
    const importId = randomUUID();
    let columns: ColumnMap | null = null;
    let listRows: CatalogueRow[] = [];
    let batch: CatalogueRow[] = [];
    const flush = (): void => {
      if (batch.length === 0) return;
      summary.imported += this.#catalogue.insertBatch(importId, batch);
      batch = [];
    };

    const parser = new CsvParser();
    const decoder = new TextDecoder('utf-8');
    let bytes = 0;
    const input = createReadStream(file);
    const stream = file.toLowerCase().endsWith('.gz') ? input.pipe(createGunzip()) : input;
    const handle = (record: string[]): void => {
      if (!columns) {
        const mapped = mapColumns(record);
        if (!mapped) throw new EmotuneError('invalid-input', `${source} has no title column (name, track_name, title, …)`);
        columns = mapped.columns;
        const listEmotion = options.list ?? (!mapped.hasFeatures && isEmotion(stem) ? stem : null);
        if (listEmotion) {
          summary.kind = 'list';
          summary.emotion = listEmotion;
        } else if (!mapped.hasFeatures) {
          throw new EmotuneError('invalid-input', `${source} has no feature columns (valence, energy, tempo); to import a song list, name the emotion`);
        } else {
          this.#catalogue.begin(importId, source, file);
        }
        return;
      }
      summary.rows += 1;
      const row = toCatalogueRow(record, columns);
      if ('skip' in row) {
        summary.skipped += 1;
        return;
      }
      if (summary.kind === 'list') {
        // A list is matched as a whole at the end: bounded, as no emotion's list is a catalogue.
        if (listRows.length >= MAX_LIST_ROWS) throw new CsvLimitError(`a song list longer than ${MAX_LIST_ROWS.toLocaleString('en')} songs`);
        listRows.push(row);
      }
      else batch.push(row);
    };
    try {
      for await (const chunk of stream) {
        job.signal.throwIfAborted();
        // Counted after decompression: a small .gz can unpack to anything.
        bytes += (chunk as Buffer).length;
        if (bytes > CSV_LIMITS.fileBytes) throw new CsvLimitError(`larger than ${CSV_LIMITS.fileBytes / 1024 ** 3} GiB of text`);
        for (const record of parser.push(decoder.decode(chunk as Buffer, { stream: true }))) handle(record);
        if (batch.length >= BATCH_ROWS) flush();
        job.onProgress({ phase: 'reading rows', done: summary.rows, total: null, current: source });
      }
      for (const record of [...parser.push(decoder.decode()), ...parser.end()]) handle(record);
    } catch (error) {
      input.destroy();
      if (job.signal.aborted) {
        this.#catalogue.removeIncomplete();
        throw new JobCancelledError({ ...summary, durationMs: Date.now() - started });
      }
      if (summary.kind === 'features') this.#catalogue.removeIncomplete();
      if (error instanceof EmotuneError) throw error;
      if (error instanceof CsvLimitError) throw new EmotuneError('invalid-input', `${source} is not a song table Emotune can read: ${error.message}`);
      throw new EmotuneError('invalid-input', `cannot read ${source}: ${(error as Error).message}`);
    }
    if (!columns) throw new EmotuneError('invalid-input', `${source} is empty`);
    if (summary.kind === 'list') {
      const result = this.#catalogue.assignList(listRows, summary.emotion as Emotion);
      summary.imported = listRows.length;
      summary.matched = result.matched;
      summary.unmatched = result.unmatched.slice(0, UNMATCHED_SHOWN);
      listRows = [];
    } else {
      flush();
      job.onProgress({ phase: 'matching your library', done: summary.rows, total: summary.rows, current: source });
      summary.matched = this.#catalogue.complete(importId, source).matched;
      await this.#catalogue.dropSuperseded(null);
    }
    summary.durationMs = Date.now() - started;
    return summary;
  }
}
