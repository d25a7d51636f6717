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
  'IMPLAUSIBLE_DATE',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/**
 * Why a case has its priority (docs/design.md §5): the rules in shared/classify/rules.ts that made its
 * reports P1 or P2. A P1 case lists the P1 reasons of its P1 reports, a P2 case the P2 reasons; P3 none.
 */
export const PRIORITY_REASON_CODES = [
  // P1
  'ESCALATED',
  'P1_INCIDENT_TYPE',
  'SEXTORTION',
  'SADISTIC_EXPLOITATION',
  'NCMEC_PRIORITY_1',
  // P2
  'CONFIRMED_ABUSE_MATERIAL',
  'NCMEC_PRIORITY_2',
] as const;
export type PriorityReason = (typeof PRIORITY_REASON_CODES)[number];

export interface Case {
  caseId: string;
  batchId: string;
  reportIds: string[];            // sorted
  district: string | null;
  priority: Priority;
  /** Why the case is P1 or P2 (absent in cases classified before priority reasons were recorded). */
  priorityReasons?: PriorityReason[];
  /** Report IDs whose incident is dated after the report was received: a date to check. */
  incidentAfterReceipt?: string[];
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
  /** Why it is P1 or P2; empty for P3. */
  priorityReasons: PriorityReason[];
  disposition: Disposition;
  reasons: ReasonCode[];
  locationSource: LocationSource | null;
  /** Present when some report's incident is dated after its receipt. */
  incidentAfterReceipt?: string[];
}

/** A case as stored and assigned: without the reports it was built from. */
export function withoutReports({ reports: _reports, ...c }: CaseWithReports): Case {
  return c;
}
