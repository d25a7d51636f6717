/**
 * CSV: a header row (matched case-insensitively, ignoring spaces/underscores; BOM accepted), then one row
 * per report or per report × IP event / file. Consecutive rows with the same Report ID merge into one
 * report, so memory holds one report at a time. A row csv-parse cannot read is a rejected record.
 */
import { parse, type CsvError, type Info } from 'csv-parse';
import { Readable, pipeline } from 'node:stream';
import { UnreadableFileError } from '../errors.js';
import { CSV_COLUMNS, CsvReportBuilder, type CsvColumn, type CsvRow } from './csv-report-builder.js';
import { normaliseHeader } from './detect-format.js';
import type { RawRecord, RecordPosition } from './parsed-record.js';
import { utf8Text } from './text-lines.js';

/** Bigger rows are rejected rather than held (a 1 MB field is fine). */
const MAX_ROW_CHARS = 32 * 1024 * 1024;
const KNOWN = new Set<string>(CSV_COLUMNS);

/** Line on which a record starts: csv-parse reports the line it ends on. */
const startLine = (cells: readonly string[], endLine: number): number => {
  let breaks = 0;
  for (const cell of cells) {
    for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) breaks++;
  }
  return endLine - breaks;
};

export async function* readCsv(bytes: AsyncIterable<Buffer>, fileName: string): AsyncGenerator<RawRecord[]> {
  const out: RawRecord[] = [];
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    max_record_size: MAX_ROW_CHARS,
    skip_records_with_error: true,
    on_skip: (err?: CsvError) => {
      // The message quotes the offending text; keep only the code and where.
      const line = typeof err?.lines === 'number' ? err.lines : undefined;
      out.push({ position: line ? { line } : {}, errors: [{ path: '', message: `CSV row cannot be read (${err?.code ?? 'error'})` }] });
    },
  });

  let columns: Array<CsvColumn | undefined> | undefined;
  let current: { builder: CsvReportBuilder; position: RecordPosition } | undefined;
  let dataRow = 0;

  const flush = (): void => {
    if (!current) return;
    const { builder, position } = current;
    out.push({ position, value: builder.build(), errors: builder.mergeErrors.length ? [...builder.mergeErrors] : undefined });
    current = undefined;
  };

  const take = (entry: { record: string[]; info: Info }): void => {
    const { record, info } = entry;
    if (!columns) {
      columns = record.map((cell) => {
        const key = normaliseHeader(cell);
        return KNOWN.has(key) ? (key as CsvColumn) : undefined;
      });
      if (!columns.includes('reportid')) throw new UnreadableFileError(fileName, 'CSV header has no Report ID column');
      return;
    }
    dataRow++;
    const row: CsvRow = {};
    for (let i = 0; i < record.length; i++) {
      const column = columns[i];
      const cell = record[i];
      if (column && cell !== undefined && cell !== '') row[column] = cell;
    }
    const reportId = (row.reportid ?? '').trim();
    if (!current || current.builder.reportId !== reportId || reportId === '') {
      flush();
      current = { builder: new CsvReportBuilder(reportId), position: { line: startLine(record, info.lines), row: dataRow } };
    }
    current.builder.add(row);
  };

  const source = Readable.from(utf8Text(bytes));
  pipeline(source, parser, () => undefined); // errors surface through the iteration below
  try {
    for await (const entry of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      take(entry);
      // Everything before the report being merged is complete.
      if (out.length) yield out.splice(0);
    }
  } finally {
    source.destroy();
    parser.destroy();
  }
  flush();
  if (out.length) yield out.splice(0);
}
