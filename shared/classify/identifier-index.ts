/**
 * What the identifier index adapter reads before and writes after `classifyBatch`. The index maps
 * `indexKey(identifierKey)` (a SHA-256, never the raw identifier) to the case that holds it.
 *
 * Reads: `batchIndexKeys` gives every key of the batch once, for BatchGetItem in pages of 100 (never a Scan).
 * Writes: `identifierIndexEntries` gives one entry per key. Put them conditionally,
 * `attribute_not_exists(pk) OR batchId = :thisBatch`, so the first case to hold an identifier stays its anchor
 * (later linked cases already take its district) and a re-run of the batch rewrites the same items.
 */
import type { Case, CaseWithReports } from '../model/case.js';
import type { EnrichedReport } from '../model/enriched-report.js';
import type { PriorIdentifier } from './build-cases.js';
import { identifierKeys, indexKey } from './identifier-keys.js';

/** Unique index keys of a batch's reports, sorted (stable request pages). */
export function batchIndexKeys(reports: readonly EnrichedReport[]): string[] {
  const keys = new Set<string>();
  for (const r of reports) for (const k of identifierKeys(r)) keys.add(k);
  return [...keys].map(indexKey).sort();
}

export interface IdentifierIndexEntry extends PriorIdentifier {
  indexKey: string;
}

/** Index entries for the batch's cases. Duplicate cases add none: their reports were indexed the first time. */
export function identifierIndexEntries(cases: readonly CaseWithReports[]): IdentifierIndexEntry[] {
  const entries: IdentifierIndexEntry[] = [];
  for (const c of cases) {
    if (c.disposition === 'duplicate') continue;
    const keys = new Set<string>();
    for (const r of c.reports) for (const k of identifierKeys(r)) keys.add(k);
    for (const k of keys) entries.push(entry(c, indexKey(k)));
  }
  return entries.sort((a, b) => (a.indexKey < b.indexKey ? -1 : a.indexKey > b.indexKey ? 1 : 0));
}

function entry(c: Case, key: string): IdentifierIndexEntry {
  return { indexKey: key, caseId: c.caseId, district: c.district, batchId: c.batchId };
}
