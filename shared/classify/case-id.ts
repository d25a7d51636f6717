/**
 * Deterministic case IDs: a re-run of a batch reproduces them, so DynamoDB writes keyed by case ID are
 * idempotent. The batch ID is part of the hash so that the same reports resubmitted in a later batch (a
 * duplicate case) never overwrite the case that first assigned them. 16 hex digits = 64 bits: collisions stay
 * negligible over hundreds of millions of cases (12 would not, past a few million).
 */
import { sha256 } from './sha256.js';

/** `reportIds` must be the case's sorted, unique report IDs. */
export function caseIdFor(batchId: string, reportIds: readonly string[]): string {
  // Hex of the first 8 bytes only: slicing a 64-char hex string would keep the whole string alive.
  return `C-${sha256(`${batchId}\n${reportIds.join(',')}`).toString('hex', 0, 8)}`;
}

/** A total order on report IDs: numeric for digit strings (CyberTipline numbers), else by length then text. */
export function compareReportIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
