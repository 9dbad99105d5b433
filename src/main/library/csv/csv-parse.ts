/**
 * A streaming CSV parser (RFC 4180: quoted fields with commas, doubled quotes and line breaks inside, CRLF or
 * LF, a leading byte-order mark). Feed it text in chunks of any size; it returns the complete records so far.
 */
export class CsvParser {
  #field = '';
  #record: string[] = [];
  #inQuotes = false;
  #quotePending = false;
  #started = false;
  #lastWasCr = false;

  push(chunk: string): string[][] {
    const records: string[][] = [];
    let text = chunk;
    if (!this.#started) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    for (let i = 0; i < text.length; i += 1) {
      const c = text[i] as string;
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
      } else if (c === '\n' || c === '\r') {
        if (c === '\n' && this.#lastWasCr) {
          this.#lastWasCr = false;
          continue;
        }
        this.#lastWasCr = c === '\r';
        this.#record.push(this.#field);
        this.#field = '';
        if (!(this.#record.length === 1 && this.#record[0] === '')) records.push(this.#record);
        this.#record = [];
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
