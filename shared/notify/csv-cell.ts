/**
 * CSV output that a spreadsheet opens safely: every cell is neutralised against formula injection
 * (OWASP "CSV Injection") and rows are quoted as RFC 4180 requires, with CRLF record ends.
 */
import { stringify } from 'csv-stringify/sync';

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

/** Records without a header, to build a document piece by piece: `csvHeader(h) + csvRows(a) + csvRows(b)`. */
export function csvRows(rows: readonly (readonly (string | number | undefined)[])[]): string {
  const cells = rows.map((row) => row.map((cell) => neutraliseCell(cell)));
  // csv-stringify quotes a bare LF only when it is the record delimiter; with CRLF ends, quote CR/LF explicitly.
  return stringify(cells, { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}
