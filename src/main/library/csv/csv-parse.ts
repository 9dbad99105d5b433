/**
 * What a song table may hold. A real one (Spotify's exports, Kaggle's 1.2M-track tables) has fields of a few
 * hundred characters and a few dozen columns; anything far beyond is a broken file (an unterminated quote
 * swallowing the rest) or a hostile one (a 600 MB single line), refused before it can fill the memory.
 */
export interface CsvLimits {
  fieldChars: number;
  fieldsPerRecord: number;
  recordChars: number;
  records: number;
  fileBytes: number;
}

export const CSV_LIMITS: Readonly<CsvLimits> = {
  fieldChars: 64 * 1024,
  fieldsPerRecord: 1024,
  recordChars: 1024 * 1024,
  records: 5_000_000,
  fileBytes: 2 * 1024 ** 3,
};

/** A table over one of CSV_LIMITS: the message names the limit and where it was passed. */
export class CsvLimitError extends Error {}

const kib = (n: number): string => (n >= 1024 * 1024 ? `${n / (1024 * 1024)} MiB` : `${n / 1024} KiB`);

/**
 * A streaming CSV parser (RFC 4180: quoted fields with commas, doubled quotes and line breaks inside, CRLF or
 * LF, a leading byte-order mark). Feed it text in chunks of any size; it returns the complete records so far.
 * It holds one record at most, and refuses one over the limits (CsvLimitError).
 */
export class CsvParser {
  readonly #limits: Pick<CsvLimits, 'fieldChars' | 'fieldsPerRecord' | 'recordChars' | 'records'>;
  #records = 0;
  #recordChars = 0;
  #field = '';
  #record: string[] = [];
  #inQuotes = false;
  #quotePending = false;
  #started = false;
  #lastWasCr = false;

  constructor(limits: Partial<CsvLimits> = {}) {
    this.#limits = { ...CSV_LIMITS, ...limits };
  }

  #tooBig(what: string): never {
    const row = this.#records + 1;
    throw new CsvLimitError(`row ${row}: ${what}`);
  }

  push(chunk: string): string[][] {
    const records: string[][] = [];
    let text = chunk;
    if (!this.#started) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    for (let i = 0; i < text.length; i += 1) {
      const c = text[i] as string;
      this.#recordChars += 1;
      if (this.#field.length >= this.#limits.fieldChars) {
        this.#tooBig(`a field is longer than ${kib(this.#limits.fieldChars)}${this.#inQuotes ? ' (a quote that never closes?)' : ''}`);
      }
      if (this.#recordChars > this.#limits.recordChars) {
        this.#tooBig(`a row is longer than ${kib(this.#limits.recordChars)}${this.#inQuotes ? ' (a quote that never closes?)' : ''}`);
      }
      if (this.#inQuotes) {
        if (this.#quotePending) {
          this.#quotePending = false;
          if (c === '"') {
            this.#field += '"';
            continue;
          }
          this.#inQuotes = false;
          // Falls through: c is the character after the closing quote.
        } else if (c === '"') {
          this.#quotePending = true;
          continue;
        } else {
          this.#field += c;
          continue;
        }
      }
      if (c === '"' && this.#field === '') {
        this.#inQuotes = true;
      } else if (c === ',') {
        this.#record.push(this.#field);
        this.#field = '';
        if (this.#record.length >= this.#limits.fieldsPerRecord) this.#tooBig(`more than ${this.#limits.fieldsPerRecord} columns`);
      } else if (c === '\n' || c === '\r') {
        if (c === '\n' && this.#lastWasCr) {
          this.#lastWasCr = false;
          continue;
        }
        this.#lastWasCr = c === '\r';
        this.#record.push(this.#field);
        this.#field = '';
        if (!(this.#record.length === 1 && this.#record[0] === '')) {
          records.push(this.#record);
          this.#records += 1;
          if (this.#records > this.#limits.records) throw new CsvLimitError(`more than ${this.#limits.records.toLocaleString('en')} rows`);
        }
        this.#record = [];
        this.#recordChars = 0;
        continue;
      } else {
        this.#field += c;
      }
      this.#lastWasCr = false;
    }
    return records;
  }

  /** The last record when the text does not end with a line break. */
  end(): string[][] {
    if (this.#quotePending) {
      this.#quotePending = false;
      this.#inQuotes = false;
    }
    if (this.#field === '' && this.#record.length === 0) return [];
    this.#record.push(this.#field);
    const last = this.#record;
    this.#record = [];
    this.#field = '';
    return [last];
  }
}

export function parseCsv(text: string): string[][] {
  const parser = new CsvParser();
  return [...parser.push(text), ...parser.end()];
}
