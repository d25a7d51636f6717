/**
 * CSV: a header row (matched case-insensitively, ignoring spaces/underscores; BOM accepted), then one row
 * per report or per report × IP event / file. Consecutive rows with the same Report ID merge into one
 * report, so memory holds one report at a time. A row that cannot be read is a rejected record.
 */
import { UnreadableFileError } from '../errors.js';
import { inSlices, SLICE_BYTES } from './byte-source.js';
import { CSV_COLUMNS, CsvReportBuilder, type CsvColumn, type CsvRow } from './csv-report-builder.js';
import { CsvTokenizer } from './csv-tokenizer.js';
import { normaliseHeader } from './detect-format.js';
import type { RawRecord, RecordPosition } from './parsed-record.js';

/** Bigger rows are rejected rather than held (a 1 MB field is fine). */
const MAX_ROW_BYTES = 32 * 1024 * 1024;
const REPORT_ID = CSV_COLUMNS.indexOf('reportid');

export async function* readCsv(bytes: AsyncIterable<Buffer>, fileName: string): AsyncGenerator<RawRecord[]> {
  const out: RawRecord[] = [];
  /** File column → position in CSV_COLUMNS, or -1 for a column this reader does not know. */
  let columns: number[] | undefined;
  const row: CsvRow = new Array<string | undefined>(CSV_COLUMNS.length).fill(undefined);
  let current: { builder: CsvReportBuilder; position: RecordPosition } | undefined;
  let dataRow = 0;

  const flush = (): void => {
    if (!current) return;
    const { builder, position } = current;
    out.push({ position, value: builder.build(), errors: builder.mergeErrors.length ? [...builder.mergeErrors] : undefined });
    current = undefined;
  };

  const take = (record: readonly string[], line: number): void => {
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
      current = { builder: new CsvReportBuilder(reportId), position: { line, row: dataRow } };
    }
    current.builder.add(row);
  };

  const tokenizer = new CsvTokenizer(
    {
      record: take,
      // Only the code and where: the row's text may hold report values.
      error: (code, line) => void out.push({ position: { line }, errors: [{ path: '', message: `CSV row cannot be read (${code})` }] }),
    },
    MAX_ROW_BYTES,
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
