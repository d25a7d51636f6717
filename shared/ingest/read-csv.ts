/**
 * CSV: a header row (matched case-insensitively, ignoring spaces/underscores; BOM accepted), then one row
 * per report or per report × IP event / file. Consecutive rows with the same Report ID merge into one
 * report, so memory holds one report at a time. The delimiter is ',', ';' or tab (detect-format.ts
 * `csvLayout`); an Excel `sep=X` first line is skipped. A row that cannot be read is a rejected record naming
 * its line and the report ID read in it; a broken quote that runs over line breaks rejects only the line it
 * starts on, and reading resumes at the next line (csv-tokenizer.ts).
 */
import { UnreadableFileError } from '../errors.js';
import { inSlices, SLICE_BYTES } from './byte-source.js';
import { CSV_COLUMNS, CsvReportBuilder, type CsvColumn, type CsvRow } from './csv-report-builder.js';
import { CsvTokenizer } from './csv-tokenizer.js';
import { normaliseHeader, type CsvDelimiter } from './detect-format.js';
import type { RawRecord, RecordPosition } from './parsed-record.js';

/** Bigger rows are rejected rather than held (a 1 MB field is fine). */
const MAX_ROW_BYTES = 32 * 1024 * 1024;
const REPORT_ID = CSV_COLUMNS.indexOf('reportid');

/** What each tokenizer code means, for the person fixing the file (no cell value is ever quoted). */
const CSV_FAULTS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote is followed by other text',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted cell',
  CSV_MAX_RECORD_SIZE: `the row is longer than ${MAX_ROW_BYTES / 1024 / 1024} MB`,
};

/** The report ID in the text of a broken line, read naively (split on the delimiter, quotes dropped). */
function reportIdIn(lineText: string | undefined, delimiter: string, column: number): string | undefined {
  if (lineText === undefined || column < 0) return undefined;
  const cell = lineText.split(delimiter)[column]?.trim().replace(/^"|"$/g, '').trim();
  return cell && /^\d{1,20}$/.test(cell) ? cell : undefined;
}

export async function* readCsv(
  bytes: AsyncIterable<Buffer>,
  fileName: string,
  layout: { delimiter: CsvDelimiter; sepLine: boolean } = { delimiter: ',', sepLine: false },
): AsyncGenerator<RawRecord[]> {
  const out: RawRecord[] = [];
  /** File column → position in CSV_COLUMNS, or -1 for a column this reader does not know. */
  let columns: number[] | undefined;
  const row: CsvRow = new Array<string | undefined>(CSV_COLUMNS.length).fill(undefined);
  let current: { builder: CsvReportBuilder; position: RecordPosition; brokenLines: number[] } | undefined;
  let dataRow = 0;

  const flush = (): void => {
    if (!current) return;
    const { builder, position, brokenLines } = current;
    const errors = [...builder.mergeErrors];
    if (brokenLines.length) {
      const lines = brokenLines.join(', ');
      errors.push({ path: '', code: 'CSV_QUOTE', message: `CSV_QUOTE: a row of this report cannot be read (line ${lines}), so the report is incomplete` });
    }
    out.push({ position, value: builder.build(), errors: errors.length ? errors : undefined });
    current = undefined;
  };

  let skipSepLine = layout.sepLine;
  const take = (record: readonly string[], line: number): void => {
    if (skipSepLine) {
      skipSepLine = false; // Excel's `sep=;` line: not the header
      return;
    }
    if (!columns) {
      columns = record.map((cell) => CSV_COLUMNS.indexOf(normaliseHeader(cell) as CsvColumn));
      if (!columns.includes(REPORT_ID)) throw new UnreadableFileError(fileName, 'CSV header has no Report ID column');
      return;
    }
    dataRow++;
    row.fill(undefined);
    const n = Math.min(record.length, columns.length);
    for (let i = 0; i < n; i++) {
      const column = columns[i] as number;
      const cell = record[i] as string;
      if (column !== -1 && cell !== '') row[column] = cell.trim();
    }
    const reportId = row[REPORT_ID] ?? '';
    if (!current || current.builder.reportId !== reportId || reportId === '') {
      flush();
      current = { builder: new CsvReportBuilder(reportId), position: { line, row: dataRow }, brokenLines: [] };
    }
    current.builder.add(row);
  };

  const tokenizer = new CsvTokenizer(
    {
      record: take,
      // The code, the line and the report ID only: the row's text may hold report values.
      error: (code, line, lineText) => {
        const reportId = columns ? reportIdIn(lineText, layout.delimiter, columns.indexOf(REPORT_ID)) : undefined;
        const what = CSV_FAULTS[code] ?? 'the row cannot be read';
        const tooLarge = code === 'CSV_MAX_RECORD_SIZE';
        const rule = tooLarge ? 'CSV_ROW_TOO_LARGE' : 'CSV_QUOTE';
        const message = tooLarge
          ? `${rule}: the row starting at line ${line} cannot be read (${what}); it is rejected and reading resumes after it`
          : `${rule}: line ${line} cannot be read (${code}: ${what}); this line is rejected and reading resumes at the next line`;
        const errors = [{ path: '', code: rule, message }];
        out.push(reportId ? { position: { line }, reportId, errors } : { position: { line }, errors });
        // A broken row of the report being merged: the report is incomplete, so it is rejected too.
        if (reportId !== undefined && current?.builder.reportId === reportId) current.brokenLines.push(line);
      },
    },
    MAX_ROW_BYTES,
    { delimiter: layout.delimiter.charCodeAt(0) },
  );
  for await (const slice of inSlices(bytes, SLICE_BYTES)) {
    tokenizer.write(slice);
    // Everything before the report being merged is complete.
    if (out.length) yield out.splice(0);
  }
  tokenizer.end();
  flush();
  if (out.length) yield out.splice(0);
}
