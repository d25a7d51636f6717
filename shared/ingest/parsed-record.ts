/**
 * What a batch reader yields: one entry per record in the file, valid or not, so the caller can keep the
 * conservation law received = valid + rejected.
 */
import type { CanonicalReport } from '../model/canonical-report.js';
import type { FileFormat } from '../model/workflow.js';

/**
 * Where a record sits in its file. All numbers are 1-based.
 * - JSON: `element` = index in `reports[]` (first report = 1).
 * - JSONL: `line` = physical line.
 * - XML: `element` = index of the `<cyberTiplineReport>` (first = 1); `line` = line of its start tag.
 * - CSV: `line` = physical line of the first row of the (merged) report (header = line 1);
 *   `row` = that row's data-row number (first row after the header = 1).
 */
export type RecordPosition = { line?: number; element?: number; row?: number };

/**
 * One problem with a record; `path` is the canonical field path, e.g. "report.incidentSummary.incidentDateTime".
 * The message names the rule and the value's kind and length, never the value (docs/design.md §4); `code` is
 * set for the rules that have one (CONFLICTING_REPORT_ID, IMPLAUSIBLE_DATE, CSV_QUOTE, …).
 */
export type FieldError = { path: string; message: string; code?: string };

export type ParsedRecord =
  | { ok: true; position: RecordPosition; report: CanonicalReport }
  | { ok: false; position: RecordPosition; reportId?: string; errors: FieldError[] };

/**
 * A record as a reader extracts it, before validation: a raw value (with any problems the reader already
 * found in it, which reject it too), or a syntax failure.
 */
export type RawRecord =
  | { position: RecordPosition; value: unknown; errors?: FieldError[] }
  | { position: RecordPosition; errors: FieldError[]; reportId?: string };

export interface BatchHeader {
  batchRef?: string;
  generatedAt?: string;
}

export interface BatchFileInfo extends BatchHeader {
  format: FileFormat;
  gzip: boolean;
  /** Hex SHA-256 of the file as stored (the compressed bytes for .gz). */
  sha256: string;
  /** Size of the file as stored. */
  bytes: number;
}
