/**
 * A streaming CSV tokenizer over bytes: RFC 4180 fields (a quoted field may hold commas, line breaks and
 * quotes written ""), read the way csv-parse read them with the options this reader used (bom,
 * relax_column_count, skip_empty_lines, skip_records_with_error), so records, line numbers and errors are
 * unchanged; a differential test holds the two to the same output on random input:
 * - the record delimiter is the first line break outside quotes (\r\n, \n or \r); any other line break
 *   outside quotes is part of the field;
 * - a quote inside an unquoted field, or a closing quote followed by anything but a comma, the record
 *   delimiter, a NUL or the end of input, is an error: reported where it is, the record is read to its end
 *   and dropped, and reading goes on (the bad quote stays in the field, so an unmatched quote runs on);
 * - empty lines are skipped; up to two leading BOMs are dropped (text decoding dropped one, csv-parse one);
 * - a line number counts every CR and LF byte except the LF of a \r\n record delimiter; a record's line is
 *   the line it ends on less the line feeds inside its cells.
 * Unlike csv-parse, a record longer than maxRecordBytes is reported once (CSV_MAX_RECORD_SIZE), skipped to
 * its end without being held, and reading goes on (csv-parse kept failing on every later chunk).
 *
 * Speed: one pass over the bytes with a table lookup per byte; a record's cells are sliced from one
 * latin1 decode of the record when it is all ASCII (UTF-8 decoding per cell otherwise), so no string
 * refers to the (large) chunk it came from, and nothing is allocated per byte or per empty cell.
 */
import { isAscii } from 'node:buffer';

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/** The bytes that mean something inside quotes (1); every other byte is field content (0). */
const INSIDE = new Uint8Array(256);
for (const b of [QUOTE, CR, LF]) INSIDE[b] = 1;

/** The same outside quotes, for a field delimiter. */
function outsideTable(delimiter: number): Uint8Array {
  const table = new Uint8Array(256);
  for (const b of [QUOTE, delimiter, CR, LF]) table[b] = 1;
  return table;
}
const OUTSIDE_COMMA = outsideTable(COMMA);

/** Text of a broken line handed to the sink, at most this long (enough to find the Report ID cell). */
const MAX_LINE_TEXT = 64 * 1024;

/** The first byte from `pos` on that means something for `table`, or `len`. */
function skipOrdinary(buf: Buffer, pos: number, len: number, table: Uint8Array): number {
  while (pos < len && table[buf[pos] as number] === 0) pos++;
  return pos;
}

/** Record delimiter, found on the first line break outside quotes. */
const RD_UNKNOWN = 0;
const RD_LF = 1;
const RD_CRLF = 2;
const RD_CR = 3;

/** Cells one record may have before it counts as too large (bounds the cell tables). */
const MAX_CELLS = 1 << 20;

const EMPTY = Buffer.alloc(0);

export interface CsvSink {
  /** A record read without error: its cells (an array reused for the next record) and the line it starts on. */
  record(cells: readonly string[], line: number): void;
  /**
   * A record that cannot be read: the csv-parse error code, the line of the fault (for a broken multi-line
   * record, its first line, the only one rejected), and the text of that line when it is still held (to find
   * the report ID in it; never to be shown).
   */
  error(code: string, line: number, lineText?: string): void;
}

export interface CsvTokenizerOptions {
  /** Field delimiter byte: ',' (default), ';' or tab. */
  delimiter?: number;
}

export class CsvTokenizer {
  /** Bytes not yet consumed are buf[0, len); buf is the caller's chunk or `own`. */
  private buf: Buffer = EMPTY;
  private len = 0;
  private own: Buffer = EMPTY;
  private ended = false;
  private lastByte = -1;
  private bomsLeft = 2;
  private rd = RD_UNKNOWN;

  /** Next byte to look at, and where the record and field being read start. */
  private pos = 0;
  private recStart = 0;
  private fieldStart = 0;
  /** The closing quote of the current field, when it was quoted. */
  private quoteEnd = -1;
  private quoting = false;
  private wasQuoting = false;
  private escaped = false;
  /** The current field had content in bytes already dropped (an over-long record). */
  private carried = false;

  private line = 1;
  /** The line the current record starts on (where a too-long record is reported). */
  private recordLine = 1;
  private lineFeeds = 0;
  private failed = false;
  private tooLong = false;
  /** Every byte from the current record's start to the end of what is buffered is ASCII. */
  private ascii = false;

  /** Per cell: first byte, closing quote (-1 if unquoted), end, and whether it holds "" escapes. */
  private cellStart = new Int32Array(64);
  private cellQuote = new Int32Array(64);
  private cellEnd = new Int32Array(64);
  private cellEscaped = new Uint8Array(64);
  private count = 0;
  private readonly cells: string[] = [];

  private readonly delimiter: number;
  private readonly outside: Uint8Array;
  /** The first error of the record being read, emitted when the record ends (with the record's text). */
  private failCode = '';
  private failLine = 0;

  constructor(
    private readonly sink: CsvSink,
    private readonly maxRecordBytes: number,
    opts: CsvTokenizerOptions = {},
  ) {
    this.delimiter = opts.delimiter ?? COMMA;
    this.outside = this.delimiter === COMMA ? OUTSIDE_COMMA : outsideTable(this.delimiter);
  }

  write(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.lastByte = chunk[chunk.length - 1] as number;
    if (this.len === 0) {
      this.buf = chunk;
      this.len = chunk.length;
    } else {
      this.reserve(this.len + chunk.length);
      chunk.copy(this.own, this.len);
      this.len += chunk.length;
      this.buf = this.own;
    }
    this.scan();
    this.keepUnread();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.scan();
    // A quote left open at the end, in a record that spans lines: only its first line is rejected, and the
    // lines after it are read again as records of their own.
    while ((this.quoting || this.failed) && this.canRewind()) {
      this.rewind(this.quoting ? 'CSV_QUOTE_NOT_CLOSED' : this.failCode);
      this.scan();
    }
    // csv-parse counts a line break only once it reads on past it.
    const line = this.lastByte === CR || this.lastByte === LF ? this.line - 1 : this.line;
    if (this.quoting) {
      this.fail('CSV_QUOTE_NOT_CLOSED', line);
      this.emitFailure(this.pos);
    } else if (this.wasQuoting || this.count > 0 || this.fieldHasContent()) {
      this.endField(this.pos);
      this.endRecord(this.pos, line);
    }
    this.buf = this.own = EMPTY;
    this.len = 0;
  }

  private reserve(size: number): void {
    if (size <= this.own.length) return;
    const grown = Buffer.allocUnsafe(Math.max(size, this.own.length * 2, 64 * 1024));
    if (this.buf === this.own) this.own.copy(grown, 0, 0, this.len);
    else this.buf.copy(grown, 0, 0, this.len);
    this.own = grown;
    this.buf = grown;
  }

  /** Keeps the bytes of the record being read (only those not yet scanned once it is too long). */
  private keepUnread(): void {
    if (!this.tooLong && this.pos - this.recStart > this.maxRecordBytes) this.tooLarge();
    const cut = this.tooLong ? this.pos : this.recStart;
    if (this.tooLong) this.carried = this.fieldHasContent();
    const rest = this.len - cut;
    if (rest > 0) {
      if (this.buf === this.own) this.own.copyWithin(0, cut, this.len);
      else {
        if (this.own.length < rest) this.own = Buffer.allocUnsafe(Math.max(rest, 64 * 1024));
        this.buf.copy(this.own, 0, cut, this.len);
      }
    }
    this.buf = rest > 0 ? this.own : EMPTY;
    this.len = rest;
    this.pos -= cut;
    this.recStart -= cut;
    this.fieldStart -= cut;
    this.quoteEnd -= cut;
    if (!this.tooLong) {
      const { cellStart, cellQuote, cellEnd } = this;
      for (let i = 0; i < this.count; i++) {
        cellStart[i] = (cellStart[i] as number) - cut;
        cellEnd[i] = (cellEnd[i] as number) - cut;
        if (cellQuote[i] !== -1) cellQuote[i] = (cellQuote[i] as number) - cut;
      }
    }
  }

  /** csv-parse's "the field is not empty": bytes were appended to it. */
  private fieldHasContent(pos = this.pos): boolean {
    if (this.carried) return true;
    if (!this.wasQuoting) return pos > this.fieldStart;
    return this.quoteEnd > this.fieldStart || pos > this.quoteEnd + 1;
  }

  private fail(code: string, line: number): void {
    if (this.tooLong || this.failed) return; // reported once: as too large, or at its first fault
    this.failed = true;
    this.failCode = code;
    this.failLine = line;
  }

  /** Reports the failed record (once), with the text of its first line while the bytes are held. */
  private emitFailure(end: number): void {
    if (!this.failCode) return;
    let text: string | undefined;
    if (!this.tooLong && this.recStart >= 0) {
      let stop = this.recStart;
      const limit = Math.min(end, this.len, this.recStart + MAX_LINE_TEXT);
      while (stop < limit && this.buf[stop] !== CR && this.buf[stop] !== LF) stop++;
      text = this.buf.toString('utf8', this.recStart, stop);
    }
    this.sink.error(this.failCode, this.failLine, text);
    this.failCode = '';
  }

  private tooLarge(): void {
    if (this.tooLong) return;
    if (this.failCode) this.emitFailure(this.pos);
    this.failed = true;
    this.sink.error('CSV_MAX_RECORD_SIZE', this.recordLine);
    this.tooLong = true;
  }

  /** A broken record spanning several lines whose bytes are all still held can be read again from its second line. */
  private canRewind(): boolean {
    return !this.tooLong && this.recStart >= 0 && this.line > this.recordLine;
  }

  /**
   * Rejects the first line of the record being read and goes back to just after the line break that ends it,
   * where a new record starts, so the lines after it are read again (an unmatched quote swallows no row).
   * Works on the fields, not scan's locals. Always moves the record start forward, so it cannot loop.
   */
  private rewind(code: string): void {
    let brk = this.recStart;
    while (brk < this.len && this.buf[brk] !== CR && this.buf[brk] !== LF) brk++;
    this.failed = true;
    this.failCode ||= code; // the record's first fault names it
    this.failLine = this.recordLine;
    this.emitFailure(brk);
    this.quoting = false;
    this.wasQuoting = false;
    this.escaped = false;
    this.carried = false;
    this.quoteEnd = -1;
    this.count = 0;
    this.failed = false;
    const skip = this.buf[brk] === CR && brk + 1 < this.len && this.buf[brk + 1] === LF ? 2 : 1;
    this.pos = this.recStart = this.fieldStart = brk + skip;
    this.line = this.recordLine = this.recordLine + 1;
    this.lineFeeds = 0;
  }

  private endField(end: number): void {
    if (!this.tooLong) {
      const i = this.count;
      if (i === MAX_CELLS) this.tooLarge();
      else {
        if (i === this.cellStart.length) this.growCells();
        this.cellStart[i] = this.fieldStart;
        this.cellQuote[i] = this.wasQuoting ? this.quoteEnd : -1;
        this.cellEnd[i] = end;
        this.cellEscaped[i] = this.escaped ? 1 : 0;
        this.count = i + 1;
      }
    }
    this.wasQuoting = false;
    this.escaped = false;
    this.carried = false;
    this.quoteEnd = -1;
  }

  private growCells(): void {
    const size = this.cellStart.length * 2;
    const grow = <T extends Int32Array | Uint8Array>(a: T, b: T): T => (b.set(a), b);
    this.cellStart = grow(this.cellStart, new Int32Array(size));
    this.cellQuote = grow(this.cellQuote, new Int32Array(size));
    this.cellEnd = grow(this.cellEnd, new Int32Array(size));
    this.cellEscaped = grow(this.cellEscaped, new Uint8Array(size));
  }

  /** Hands over the record ending at `end` (its delimiter), unless it failed. */
  private endRecord(end: number, line: number): void {
    if (!this.failed && end - this.recStart > this.maxRecordBytes) this.tooLarge();
    if (this.failCode) this.emitFailure(end);
    if (!this.failed) {
      const cells = this.cells;
      const n = this.count;
      cells.length = n;
      if (!this.ascii && !isAscii(this.buf.subarray(this.recStart, end))) {
        for (let i = 0; i < n; i++) cells[i] = this.cellText(i);
      } else {
        const base = this.recStart;
        const text = this.buf.toString('latin1', base, end);
        for (let i = 0; i < n; i++) {
          const s = (this.cellStart[i] as number) - base;
          const e = (this.cellEnd[i] as number) - base;
          const q = this.cellQuote[i] as number;
          if (q === -1) cells[i] = s === e ? '' : text.slice(s, e);
          else {
            let v = text.slice(s, q - base);
            if (this.cellEscaped[i]) v = v.replaceAll('""', '"');
            cells[i] = q + 1 - base < e ? v + text.slice(q + 1 - base, e) : v;
          }
        }
      }
      this.sink.record(cells, line - this.lineFeeds);
    }
    this.count = 0;
    this.failed = false;
    this.tooLong = false;
    this.lineFeeds = 0;
  }

  private cellText(i: number): string {
    const buf = this.buf;
    const s = this.cellStart[i] as number;
    const e = this.cellEnd[i] as number;
    const q = this.cellQuote[i] as number;
    if (q === -1) return s === e ? '' : buf.toString('utf8', s, e);
    let v = buf.toString('utf8', s, q);
    if (this.cellEscaped[i]) v = v.replaceAll('""', '"');
    return q + 1 < e ? v + buf.toString('utf8', q + 1, e) : v;
  }

  private scan(): void {
    const buf = this.buf;
    const len = this.len;
    const eof = this.ended;
    // One check for the whole buffer (usually all of it is ASCII) instead of one per record.
    this.ascii = isAscii(buf.subarray(Math.max(this.recStart, 0), len)); // recStart < 0: a too-long record's bytes were dropped
    let pos = this.pos;
    let line = this.line;
    let lineFeeds = this.lineFeeds;

    while (this.bomsLeft > 0) {
      if (len - pos < 3 && !eof) return;
      if (buf[pos] !== 0xef || buf[pos + 1] !== 0xbb || buf[pos + 2] !== 0xbf) this.bomsLeft = 0;
      else {
        pos += 3;
        this.recStart = this.fieldStart = this.pos = pos;
        this.bomsLeft--;
      }
    }

    outer: while (pos < len) {
      if (this.quoting) {
        for (;;) {
          pos = skipOrdinary(buf, pos, len, INSIDE);
          if (pos >= len) break outer;
          const c = buf[pos] as number;
          if (c === LF) {
            line++;
            lineFeeds++;
            pos++;
            continue;
          }
          if (c === CR) {
            line++;
            pos++;
            continue;
          }
          // A quote: an escaped quote, the closing quote, or an error. Each needs the next byte.
          if (pos + 1 >= len && !eof) break outer;
          const next = pos + 1 < len ? (buf[pos + 1] as number) : -1;
          if (next === QUOTE) {
            this.escaped = true;
            pos += 2;
            continue;
          }
          let closes = next <= 0 || next === this.delimiter; // end of input, NUL (csv-parse's !nextChr) or a delimiter
          if (next === LF) closes = this.rd === RD_UNKNOWN || this.rd === RD_LF;
          else if (next === CR) {
            if (this.rd !== RD_CRLF) closes = this.rd === RD_UNKNOWN || this.rd === RD_CR;
            else {
              if (pos + 2 >= len && !eof) break outer;
              closes = buf[pos + 2] === LF && pos + 2 < len;
            }
          }
          if (closes) {
            this.quoting = false;
            this.wasQuoting = true;
            this.quoteEnd = pos;
            pos++;
            continue outer;
          }
          if (line > this.recordLine && !this.tooLong && this.recStart >= 0) {
            // A quote that ran over a line break and then went wrong: reject the first line only, read on after it.
            this.pos = pos;
            this.line = line;
            this.rewind('CSV_INVALID_CLOSING_QUOTE');
            ({ pos, line, lineFeeds } = this);
            continue outer;
          }
          this.fail('CSV_INVALID_CLOSING_QUOTE', line); // the quote stays in the field, still quoted
          pos++;
        }
      }

      pos = skipOrdinary(buf, pos, len, this.outside);
      if (pos >= len) break;
      const c = buf[pos] as number;
      if (c === this.delimiter) {
        this.endField(pos);
        this.fieldStart = ++pos;
        continue;
      }
      if (c === QUOTE) {
        if (this.fieldHasContent(pos)) {
          if (line > this.recordLine && !this.tooLong && this.recStart >= 0) {
            this.pos = pos;
            this.line = line;
            this.rewind('INVALID_OPENING_QUOTE');
            ({ pos, line, lineFeeds } = this);
            continue;
          }
          this.fail('INVALID_OPENING_QUOTE', line); // kept as an ordinary byte
          pos++;
        } else {
          this.quoting = true;
          this.fieldStart = ++pos;
        }
        continue;
      }
      // CR or LF: the record delimiter, or part of the field.
      if (this.rd === RD_UNKNOWN) {
        if (c === LF) this.rd = RD_LF;
        else {
          if (pos + 1 >= len && !eof) break;
          this.rd = buf[pos + 1] === LF && pos + 1 < len ? RD_CRLF : RD_CR;
        }
      }
      let delimiter = 0;
      if (this.rd === RD_LF) delimiter = c === LF ? 1 : 0;
      else if (this.rd === RD_CR) delimiter = c === CR ? 1 : 0;
      else if (c === CR) {
        if (pos + 1 >= len && !eof) break;
        delimiter = buf[pos + 1] === LF && pos + 1 < len ? 2 : 0;
      }
      if (delimiter === 0) {
        line++;
        if (c === LF) lineFeeds++;
        pos++;
        continue;
      }
      if (this.count > 0 || this.wasQuoting || this.fieldHasContent(pos)) {
        if (this.failed && line > this.recordLine && !this.tooLong && this.recStart >= 0) {
          // A broken record that ran over line breaks: reject its first line only, read on after it.
          this.pos = pos;
          this.line = line;
          this.rewind(this.failCode);
          ({ pos, line, lineFeeds } = this);
          continue;
        }
        this.endField(pos);
        this.lineFeeds = lineFeeds;
        this.endRecord(pos, line);
        lineFeeds = 0;
      }
      line++;
      pos += delimiter;
      this.recStart = this.fieldStart = pos;
      this.recordLine = line;
    }
    this.pos = pos;
    this.line = line;
    this.lineFeeds = lineFeeds;
  }
}
