import { describe, expect, it } from 'vitest';
import { CsvLimitError, CsvParser, parseCsv } from './csv-parse.ts';

describe('CsvParser', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('a,b,c\n"x, y","say ""hi""","two\nlines"\n')).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
    ]);
  });

  it('handles CRLF, a byte-order mark, empty fields and no final line break', () => {
    expect(parseCsv('\uFEFFname,artist\r\nSong,\r\n,Someone')).toEqual([
      ['name', 'artist'],
      ['Song', ''],
      ['', 'Someone'],
    ]);
  });

  it('gives the same records whatever the chunking', () => {
    const text = 'id,title\n1,"Hello, ""World"""\r\n2,Émoji 🌴\n3,"multi\r\nline"\n';
    const whole = parseCsv(text);
    for (const size of [1, 2, 3, 7]) {
      const parser = new CsvParser();
      const records: string[][] = [];
      for (let i = 0; i < text.length; i += size) records.push(...parser.push(text.slice(i, i + size)));
      records.push(...parser.end());
      expect(records).toEqual(whole);
    }
  });

  it('skips blank lines', () => {
    expect(parseCsv('a\n\nb\n')).toEqual([['a'], ['b']]);
  });

  it('refuses a field, a row, a column count or a row count over its limits, naming the limit and the row', () => {
    const parse = (text: string, limits: ConstructorParameters<typeof CsvParser>[0]): string[][] => {
      const parser = new CsvParser(limits);
      return [...parser.push(text), ...parser.end()];
    };
    expect(() => parse('a\n"never closed' + 'x'.repeat(200), { fieldChars: 100 })).toThrow(new CsvLimitError('row 2: a field is longer than 0.09765625 KiB (a quote that never closes?)'));
    expect(() => parse('a,b\n' + 'x,'.repeat(100), { recordChars: 150 })).toThrow(/row 2: a row is longer than/);
    expect(() => parse('a,b,c,d,e\n', { fieldsPerRecord: 3 })).toThrow(/row 1: more than 3 columns/);
    expect(() => parse('a\n1\n2\n3\n', { records: 3 })).toThrow(/more than 3 rows/);
    expect(parse('a\n1\n2\n', { records: 3 })).toEqual([['a'], ['1'], ['2']]);
  });
});
