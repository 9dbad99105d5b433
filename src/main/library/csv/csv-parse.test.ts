import { describe, expect, it } from 'vitest';
import { CsvParser, parseCsv } from './csv-parse.ts';

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
});
