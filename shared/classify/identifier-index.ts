/**
 * Entries of the identifier index, which maps `indexKey(identifierKey)` (a SHA-256, never the raw identifier)
 * to the case that holds it. `caseIndexEntries` gives one case's entries; the pipeline's adapter
 * (aws/case-index.ts) writes only those no earlier batch holds, so the first case to hold an identifier stays
 * its anchor and a re-run of the batch rewrites the same items. `batchIndexKeys` and `identifierIndexEntries`
 * are the same for cases and reports held in memory (tests, tools).
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

/**
 * Index entries of one case, given its reports' linking keys (repeats allowed). Duplicate cases add none:
 * their reports were indexed the first time.
 */
export function caseIndexEntries(c: Case, linkingKeys: Iterable<string>): IdentifierIndexEntry[] {
  if (c.disposition === 'duplicate') return [];
  return [...new Set(linkingKeys)].map((k) => ({ indexKey: indexKey(k), caseId: c.caseId, district: c.district, batchId: c.batchId }));
}

/** Index entries for cases held with their reports, sorted by index key. */
export function identifierIndexEntries(cases: readonly CaseWithReports[]): IdentifierIndexEntry[] {
  return cases
    .flatMap((c) => caseIndexEntries(c, c.reports.flatMap(identifierKeys)))
    .sort((a, b) => (a.indexKey < b.indexKey ? -1 : a.indexKey > b.indexKey ? 1 : 0));
}
