/**
 * One report ID, one report (docs/design.md §4 "Report IDs"). Validate streams a batch and writes its valid
 * reports in chunks as it goes, so it cannot hold them back until every ID has been seen. Instead it tells this
 * registry about each valid report (ID, canonical JSON text, position, ordinal among the valid reports), and at
 * the end asks which IDs were given to records that differ. Those records are then taken out of the chunks
 * and rejected, each with CONFLICTING_REPORT_ID naming the ID and every position. Identical records under one
 * ID stay: one report and its in-batch duplicates (Classify counts them).
 *
 * Memory: one map entry per distinct ID (its first ordinal), one 48-bit fingerprint (a SHA-1 prefix of the
 * canonical text) and one position per valid report in typed arrays; repeats (rare) are listed apart.
 */
import { hash } from 'node:crypto';
import type { FieldError, RecordPosition } from './parsed-record.js';

export const CONFLICTING_REPORT_ID = 'CONFLICTING_REPORT_ID';

export interface ReportIdConflict {
  reportId: string;
  /** Ordinals (0-based, among the valid reports, in file order) of every record under the ID. */
  ordinals: number[];
  positions: RecordPosition[];
}

/** "line 4", "element 2", "line 7 (row 6)". */
export function positionText(p: RecordPosition): string {
  if (p.element !== undefined) return `element ${p.element}${p.line !== undefined ? ` (line ${p.line})` : ''}`;
  if (p.line !== undefined) return `line ${p.line}${p.row !== undefined ? ` (row ${p.row})` : ''}`;
  return p.row !== undefined ? `row ${p.row}` : 'unknown position';
}

const NONE = -1;

class GrowingArray<T extends Float64Array | Int32Array> {
  constructor(
    public data: T,
    private readonly make: (size: number) => T,
  ) {}
  set(i: number, v: number): void {
    if (i >= this.data.length) {
      const grown = this.make(Math.max(i + 1, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[i] = v;
  }
}

export class ReportIdRegistry {
  private readonly first = new Map<string, number>();
  private readonly repeats = new Map<string, number[]>();
  private readonly fingerprint = new GrowingArray(new Float64Array(1024), (n) => new Float64Array(n));
  private readonly line = new GrowingArray(new Int32Array(1024), (n) => new Int32Array(n));
  private readonly element = new GrowingArray(new Int32Array(1024), (n) => new Int32Array(n));
  private readonly row = new GrowingArray(new Int32Array(1024), (n) => new Int32Array(n));
  private readonly conflicting = new Set<string>();

  /** A valid report: its ID, its canonical JSON text, its position, and its ordinal among the valid reports. */
  add(reportId: string, text: string, position: RecordPosition, ordinal: number): void {
    const fp = Number.parseInt(hash('sha1', text, 'hex').slice(0, 12), 16);
    this.fingerprint.set(ordinal, fp);
    this.line.set(ordinal, position.line ?? NONE);
    this.element.set(ordinal, position.element ?? NONE);
    this.row.set(ordinal, position.row ?? NONE);
    const firstOrdinal = this.first.get(reportId);
    if (firstOrdinal === undefined) {
      this.first.set(reportId, ordinal);
      return;
    }
    let list = this.repeats.get(reportId);
    if (!list) this.repeats.set(reportId, (list = [firstOrdinal]));
    list.push(ordinal);
    if (this.fingerprint.data[firstOrdinal] !== fp) this.conflicting.add(reportId);
  }

  private positionOf(ordinal: number): RecordPosition {
    const p: RecordPosition = {};
    const line = this.line.data[ordinal]!;
    const element = this.element.data[ordinal]!;
    const row = this.row.data[ordinal]!;
    if (line !== NONE) p.line = line;
    if (element !== NONE) p.element = element;
    if (row !== NONE) p.row = row;
    return p;
  }

  /** The IDs given to records that differ, each with every record under it, in file order. */
  conflicts(): ReportIdConflict[] {
    return [...this.conflicting].map((reportId) => {
      const ordinals = this.repeats.get(reportId)!;
      return { reportId, ordinals, positions: ordinals.map((o) => this.positionOf(o)) };
    });
  }
}

/** The error each record of a conflict is rejected with: the ID, the rule, every position; no value. */
export function conflictError(conflict: ReportIdConflict): FieldError {
  const where = conflict.positions.map(positionText).join(', ');
  return {
    path: 'reportId',
    code: CONFLICTING_REPORT_ID,
    message: `${CONFLICTING_REPORT_ID}: report ID ${conflict.reportId} is given to ${conflict.positions.length} records that differ (${where}); none of them is used`,
  };
}
