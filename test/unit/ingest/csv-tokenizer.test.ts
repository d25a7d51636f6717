import { parse, type CsvError, type Info } from 'csv-parse';
import { Readable } from 'node:stream';
import { Rng } from '../../../shared/generate/prng.js';
import { CsvTokenizer } from '../../../shared/ingest/csv-tokenizer.js';
import { utf8Text } from '../../../shared/ingest/text-lines.js';

/** What a reader sees: records (cells, start line) and errors (code, line), each in file order. */
interface Seen {
  records: Array<[string[], number]>;
  errors: Array<[string, number]>;
}

const split = (data: Buffer, sizes: readonly number[]): Buffer[] => {
  const parts: Buffer[] = [];
  for (let at = 0, k = 0; at < data.length; k++) {
    const size = sizes[k % sizes.length] as number;
    parts.push(data.subarray(at, at + size));
    at += size;
  }
  return parts;
};

function tokenize(data: Buffer, sizes: readonly number[] = [data.length || 1], maxRecordBytes = 32 * 1024 * 1024): Seen {
  const seen: Seen = { records: [], errors: [] };
  const tokenizer = new CsvTokenizer(
    { record: (cells, line) => seen.records.push([[...cells], line]), error: (code, line) => seen.errors.push([code, line]) },
    maxRecordBytes,
  );
  for (const part of split(data, sizes)) tokenizer.write(part);
  tokenizer.end();
  return seen;
}

/** The reader as it was: text decoding, then csv-parse with the reader's options; start line = end line less the line feeds in the cells. */
async function csvParse(data: Buffer, sizes: readonly number[]): Promise<Seen> {
  const seen: Seen = { records: [], errors: [] };
  const parser = parse({
    bom: true, relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: 32 * 1024 * 1024, skip_records_with_error: true,
    on_skip: (err?: CsvError) => void seen.errors.push([err?.code ?? 'error', typeof err?.lines === 'number' ? err.lines : 0]),
  });
  Readable.from(utf8Text(Readable.from(split(data, sizes)))).pipe(parser);
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
    const feeds = record.reduce((n, cell) => n + cell.split('\n').length - 1, 0);
    seen.records.push([record, info.lines - feeds]);
  }
  return seen;
}

const PIECES: ReadonlyArray<readonly [string | Buffer, number]> = [
  ['a', 20], ['7', 6], [' ', 4], [',', 14], ['"', 10], ['""', 3], ['\n', 8], ['\r\n', 5], ['\r', 2],
  ['é', 2], ['€', 2], ['😀', 1], ['\0', 1], ['\uFEFF', 1], [Buffer.from([0xff]), 1], [Buffer.from([0xe2, 0x82]), 1],
];

function randomCsv(rng: Rng): Buffer {
  const parts: Buffer[] = [];
  if (rng.chance(0.1)) parts.push(Buffer.from('\uFEFF'));
  const n = rng.int(0, 40);
  for (let i = 0; i < n; i++) {
    const piece = rng.weighted(PIECES);
    parts.push(typeof piece === 'string' ? Buffer.from(piece) : piece);
  }
  return Buffer.concat(parts);
}

describe('CsvTokenizer reads CSV as csv-parse did', () => {
  // On broken quotes it departs from csv-parse on purpose (only the first line of a broken multi-line record is
  // rejected, and reading resumes after it; one error per record, at its end): compared on inputs csv-parse reads
  // without error, which is where the two must agree exactly.
  it('agrees with csv-parse on random inputs without errors, in whole and in random chunks', async () => {
    const rng = new Rng(20261130);
    let compared = 0;
    for (let i = 0; i < 3000; i++) {
      const data = randomCsv(rng);
      const sizes = [rng.int(1, 5), rng.int(1, 9), rng.int(1, 3)];
      const expected = await csvParse(data, sizes);
      if (expected.errors.length > 0) continue;
      compared++;
      const context = `input ${JSON.stringify(data.toString('latin1'))} chunks ${sizes.join(',')}`;
      expect({ context, seen: tokenize(data, sizes) }).toEqual({ context, seen: expected });
      expect({ context, seen: tokenize(data) }).toEqual({ context, seen: expected });
    }
    expect(compared).toBeGreaterThan(500);
  });
});

/** Every way of cutting `data` in two, plus one byte at a time. */
const cuts = (data: Buffer): number[][] => [[1], ...Array.from({ length: data.length - 1 }, (_, i) => [i + 1, data.length])];

describe('CsvTokenizer', () => {
  it('reads quoted fields holding commas, escaped quotes and line breaks, and numbers lines from the record start', () => {
    const csv = Buffer.from('id,text,n\n1,"a, ""b""\nc",x\n2,"",\n3,"\n\n",y\n4\n');
    for (const sizes of cuts(csv)) {
      expect(tokenize(csv, sizes)).toEqual({
        records: [[['id', 'text', 'n'], 1], [['1', 'a, "b"\nc', 'x'], 2], [['2', '', ''], 4], [['3', '\n\n', 'y'], 5], [['4'], 8]],
        errors: [],
      });
    }
    // As csv-parse did, every CR and LF byte counts as a line (so a CR LF inside a quoted cell counts twice),
    // and a record's line is its end line less the LFs in its cells.
    expect(tokenize(Buffer.from('h\n1,"\r\n"\n2\n')).records).toEqual([[['h'], 1], [['1', '\r\n'], 3], [['2'], 5]]);
  });

  it('takes \\r\\n as the record delimiter when the first line ends with it, and \\r alone too', () => {
    expect(tokenize(Buffer.from('a,b\r\n1,2\r\n\r\n3,"x\ny"\r\n'))).toEqual({
      records: [[['a', 'b'], 1], [['1', '2'], 2], [['3', 'x\ny'], 4]],
      errors: [],
    });
    // once \r\n is the delimiter, a bare \n is part of the field (as in csv-parse)
    expect(tokenize(Buffer.from('a\r\nb\nc\r\n')).records).toEqual([[['a'], 1], [['b\nc'], 2]]);
    expect(tokenize(Buffer.from('a,b\r1,2\r')).records).toEqual([[['a', 'b'], 1], [['1', '2'], 2]]);
  });

  it('skips empty lines but keeps a line holding an empty quoted field or spaces', () => {
    expect(tokenize(Buffer.from('h\n\n\n""\n  \n\nlast')).records).toEqual([[['h'], 1], [[''], 4], [['  '], 5], [['last'], 7]]);
  });

  it('drops a leading BOM, also when it is split across chunks, and decodes UTF-8 split anywhere', () => {
    const csv = Buffer.from('\uFEFFReport ID,Name\n1,"Zoë, €5 😀"\n2,Ünïcödé\n');
    for (const sizes of cuts(csv)) {
      expect(tokenize(csv, sizes).records).toEqual([[['Report ID', 'Name'], 1], [['1', 'Zoë, €5 😀'], 2], [['2', 'Ünïcödé'], 3]]);
    }
  });

  it('reports a bad quote with its line, drops that record and reads on', () => {
    expect(tokenize(Buffer.from('h\n1,ab"c\n2,ok\n'))).toEqual({
      records: [[['h'], 1], [['2', 'ok'], 3]],
      errors: [['INVALID_OPENING_QUOTE', 2]],
    });
  });

  it('rejects only the first line of a quote that runs over line breaks and reads every line after it', () => {
    // A closing quote followed by text, then the field runs on into line 3: line 2 alone is rejected.
    expect(tokenize(Buffer.from('h\n1,"bad"x,2\n3,"ok"\n4\n'))).toEqual({
      records: [[['h'], 1], [['3', 'ok'], 3], [['4'], 4]],
      errors: [['CSV_INVALID_CLOSING_QUOTE', 2]],
    });
    // Never closed: line 2 is rejected and lines 3 and 4 are read, whatever the chunking.
    const unclosed = Buffer.from('h\n1,"never closed\n2,fine\n3,"quoted, ok"\n');
    for (const sizes of cuts(unclosed)) {
      expect(tokenize(unclosed, sizes)).toEqual({ records: [[['h'], 1], [['2', 'fine'], 3], [['3', 'quoted, ok'], 4]], errors: [['CSV_INVALID_CLOSING_QUOTE', 2]] });
    }
    expect(tokenize(Buffer.from('h\n1,"never closed\n2,fine\n'))).toEqual({ records: [[['h'], 1], [['2', 'fine'], 3]], errors: [['CSV_QUOTE_NOT_CLOSED', 2]] });
    // CR-only line ends too.
    expect(tokenize(Buffer.from('h\r1,"open\r2,fine\r'))).toEqual({ records: [[['h'], 1], [['2', 'fine'], 2 + 1]], errors: [['CSV_QUOTE_NOT_CLOSED', 2]] });
    // A quoted cell holding a line break and closed properly is still one record.
    expect(tokenize(Buffer.from('h\n1,"two\nlines",y\n2\n')).records).toEqual([[['h'], 1], [['1', 'two\nlines', 'y'], 2], [['2'], 4]]);
  });

  it('hands the sink the text of a broken line, to find its report ID', () => {
    const texts: Array<string | undefined> = [];
    const tokenizer = new CsvTokenizer({ record: () => undefined, error: (_code, _line, text) => void texts.push(text) }, 1024);
    tokenizer.write(Buffer.from('h\n123,"open\n456,ok\n789,a"b\n'));
    tokenizer.end();
    expect(texts).toEqual(['123,"open', '789,a"b']);
  });

  it('splits on a semicolon or a tab when told to', () => {
    const seen: string[][] = [];
    for (const [text, delimiter] of [['a;"b;c"\n', 0x3b], ['a\t"b\tc"\n', 0x09]] as const) {
      const t = new CsvTokenizer({ record: (cells) => void seen.push([...cells]), error: () => undefined }, 1024, { delimiter });
      t.write(Buffer.from(text));
      t.end();
    }
    expect(seen).toEqual([['a', 'b;c'], ['a', 'b\tc']]);
  });

  it('rejects a record longer than the limit once, at its first line, and reads the records after it', () => {
    const long = `1,"${'x'.repeat(50)}\n${'y'.repeat(50)}"\n`;
    const csv = Buffer.from(`h\n${long}2,ok\n${'z'.repeat(45)}\n3,last`);
    for (const sizes of [[csv.length], [7], [1]]) {
      expect(tokenize(csv, sizes, 40)).toEqual({
        records: [[['h'], 1], [['2', 'ok'], 4], [['3', 'last'], 6]],
        errors: [['CSV_MAX_RECORD_SIZE', 2], ['CSV_MAX_RECORD_SIZE', 5]],
      });
    }
  });

  it('decodes the UTF-8 of a record that follows a too-long one in the same chunk', () => {
    // The first chunk ends inside the too-long record, so its bytes are dropped before the second is read.
    const ys = `${'y'.repeat(20)}\n`.repeat(3);
    const csv = Buffer.from(`h\n1,${'x'.repeat(45)}xx\n2,Zoë\n${ys}`);
    expect(tokenize(csv, [49, csv.length], 40)).toEqual({
      records: [[['h'], 1], [['2', 'Zoë'], 3], [['y'.repeat(20)], 4], [['y'.repeat(20)], 5], [['y'.repeat(20)], 6]],
      errors: [['CSV_MAX_RECORD_SIZE', 2]],
    });
  });

  it('hands over a 1 MB field read in 97-byte chunks whole', () => {
    const big = 'é'.repeat(512 * 1024);
    const seen = tokenize(Buffer.from(`h,big\n1,"${big}"\n2,${big}\n`), [97]);
    expect(seen.records.map(([cells, line]) => [cells[0], cells[1]?.length, line])).toEqual([['h', 3, 1], ['1', big.length, 2], ['2', big.length, 3]]);
  });
});
