/**
 * CSV output that a spreadsheet opens safely: every cell is neutralised against formula injection
 * (OWASP "CSV Injection") and rows are quoted as RFC 4180 requires, with CRLF record ends.
 *
 * The quoting is written out here rather than taken from csv-stringify: Notify writes one record per report
 * and per IP event, and csv-stringify's sync API normalises its options and builds a stringifier on every
 * call — most of the CPU the district files took. The output is the same as csv-stringify's with
 * `{ record_delimiter: '\r\n', quoted_match: /[\r\n]/ }` (test/unit/notify/csv-cell.test.ts compares them).
 */

// Excel, LibreOffice and Google Sheets start a formula on = + - @ (also after leading blanks) and treat a
// leading TAB or CR as one too; full-width forms are normalised to ASCII by some of them.
const FORMULA_START = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/;

/** A cell value that no spreadsheet evaluates: a leading apostrophe turns a would-be formula into text. */
export function neutraliseCell(value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * A whole CSV document: header + rows, every cell neutralised, quoted where needed (comma, quote, CR, LF),
 * CRLF line ends. A UTF-8 BOM makes Excel read non-ASCII names correctly.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | undefined)[])[]): string {
  return csvHeader(header) + csvRows(rows);
}

/** The start of a CSV document: the BOM and the header record. */
export function csvHeader(header: readonly string[]): string {
  return `\uFEFF${csvRows([header])}`;
}

/** A cell that needs quotes: it holds the delimiter, a quote, or a line break (CR or LF). */
const NEEDS_QUOTES = /[",\r\n]/;
const QUOTES = /"/g;

/** One cell as CSV text: neutralised, and quoted (inner quotes doubled) when it needs it. */
function csvCell(value: string | number | undefined | null): string {
  const text = neutraliseCell(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(QUOTES, '""')}"` : text;
}

/** Records without a header, to build a document piece by piece: `csvHeader(h) + csvRows(a) + csvRows(b)`. */
export function csvRows(rows: readonly (readonly (string | number | undefined)[])[]): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) out += i === 0 ? csvCell(row[i]) : `,${csvCell(row[i])}`;
    out += '\r\n';
  }
  return out;
}
