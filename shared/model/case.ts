/**
 * A case: reports linked by a shared email, phone, device or ESP account (never an IP alone), with one
 * district, one priority and exactly one disposition, each explained by reason codes (docs/design.md §5).
 */
import type { EnrichedReport, LocationSource } from './enriched-report.js';

export type Priority = 'P1' | 'P2' | 'P3';
export type Disposition = 'actionable' | 'review' | 'not-actionable' | 'duplicate';

export const REASON_CODES = [
  'DUPLICATE_REPORT',
  'OUT_OF_JURISDICTION',
  'NO_LOCATION',
  'NO_IDENTIFIERS',
  'UNCONFIRMED_CONTENT',
  'VIRAL_BATCH',
  // warnings: do not change the disposition
  'NEEDS_PORT',
  'LOCATION_CONFLICT',
  'LINKED_TO_EXISTING_CASE',
  'SHARED_IDENTIFIER',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface Case {
  caseId: string;
  batchId: string;
  reportIds: string[];            // sorted
  district: string | null;
  priority: Priority;
  disposition: Disposition;
  reasons: ReasonCode[];
  locationSource: LocationSource | null;
  rulesVersion: string;
  /** Cases from earlier batches this one shares an identifier with. */
  linkedCaseIds: string[];
  /** Where an out-of-jurisdiction case points, for forwarding. */
  elsewhere?: string;
  /** Report IDs in this case already assigned by an earlier batch. */
  duplicateReportIds: string[];
  latestIncidentAt: string;       // ISO UTC of the most recent incident in the case
}

/** A case together with its reports: what the per-district and HQ case files in S3 hold. */
export interface CaseWithReports extends Case {
  reports: EnrichedReport[];
}

/** The public shape of `tipline cases --json` (docs/design.md §7). */
export interface CaseSummary {
  caseId: string;
  batchId: string;
  reportIds: string[];
  district: string | null;
  priority: Priority;
  disposition: Disposition;
  reasons: ReasonCode[];
  locationSource: LocationSource | null;
}
