/**
 * The CSV batch (docs/design.md §4): the header row of the example batch, then the rows of each report.
 * RFC 4180 quoting comes from csv-stringify; LF line ends and no BOM, like the fixture.
 */
import { stringify } from 'csv-stringify/sync';
import type { BatchMeta } from './batch-meta.js';
import { CSV_COLUMNS } from './csv-columns.js';
import { reportToCsvRows } from './report-to-csv-rows.js';
import type { StreamSink } from './stream-sink.js';

// The CSV format has no header fields for batchRef/generatedAt; the file name carries the batch.
export async function writeCsv(reports: Iterable<Record<string, unknown>>, sink: StreamSink, _meta: BatchMeta): Promise<void> {
  await sink.write(stringify([[...CSV_COLUMNS]]));
  for (const report of reports) {
    const rows = reportToCsvRows(report).map((row) => CSV_COLUMNS.map((column) => row[column] ?? ''));
    await sink.write(stringify(rows));
  }
}
