import { readFileSync } from 'node:fs';
import { EmotuneError } from '../../shared/errors.ts';
import { parseCsv } from '../library/index.ts';

/**
 * A label table (CSV with a header) for the evaluations: its rows, and the index of the first column (case and
 * spaces ignored) that has one of the given names, -1 where none does.
 */
export function readLabelTable(csvFile: string): { rows: string[][]; column(...names: string[]): number } {
  let text: string;
  try {
    text = readFileSync(csvFile, 'utf8');
  } catch (error) {
    throw new EmotuneError('invalid-input', `cannot read labels ${csvFile}: ${(error as Error).message}`);
  }
  const [header, ...rows] = parseCsv(text);
  const columns = (header ?? []).map((h) => h.trim().toLowerCase());
  return { rows, column: (...names) => names.map((n) => columns.indexOf(n)).find((i) => i >= 0) ?? -1 };
}
