import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { EmotuneError } from '../../shared/errors.ts';

export type FerUsage = 'Training' | 'PublicTest' | 'PrivateTest';

export interface FerRow {
  label: number;
  pixels: Uint8Array;
}

/**
 * Streams FER-2013 rows in Kaggle's CSV format (`emotion,pixels,Usage`, 48x48 grey pixels as space-separated
 * integers), plain or gzipped, keeping one usage. Malformed rows are an error naming the line.
 */
export async function* readFerCsv(path: string, usage: FerUsage): AsyncGenerator<FerRow> {
  const source = createReadStream(path);
  const text = path.endsWith('.gz') ? source.pipe(createGunzip()) : source;
  const lines = createInterface({ input: text, crlfDelay: Infinity });
  let lineNo = 0;
  let columns: { emotion: number; pixels: number; usage: number } | null = null;
  for await (const line of lines) {
    lineNo += 1;
    if (line.trim() === '') continue;
    const cells = line.split(',');
    if (!columns) {
      const header = cells.map((c) => c.trim().toLowerCase());
      columns = { emotion: header.indexOf('emotion'), pixels: header.indexOf('pixels'), usage: header.indexOf('usage') };
      if (columns.emotion < 0 || columns.pixels < 0) {
        throw new EmotuneError('invalid-input', `${path} is not a FER-2013 CSV (needs emotion and pixels columns)`);
      }
      continue;
    }
    if (columns.usage >= 0 && cells[columns.usage]?.trim() !== usage) continue;
    const label = Number(cells[columns.emotion]);
    const values = (cells[columns.pixels] ?? '').trim().split(' ');
    if (!Number.isInteger(label) || label < 0 || label > 6 || values.length !== 48 * 48) {
      throw new EmotuneError('invalid-input', `${path}:${lineNo}: not a FER-2013 row (label 0-6 and 2304 pixels)`);
    }
    yield { label, pixels: Uint8Array.from(values, Number) };
  }
}
