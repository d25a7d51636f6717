/**
 * What Classify knows of one report (report-facts.ts works it out; rules.ts decides from it). Its own file so
 * the rules and the code that gathers the facts do not import each other.
 */
import type { Priority } from '../model/case.js';
import type { ReportLocation } from '../model/enriched-report.js';

export interface ReportFacts {
  reportId: string;
  /** `incidentMs`: -Infinity when no form of the time parses. */
  timeMs: number;
  /** The time as given, kept only when it does not parse (timeMs is -Infinity): the case falls back to it. */
  incidentDateTime?: string;
  priority: Priority;
  /** Why: one bit per PRIORITY_REASON_CODES entry (rules.ts), a number rather than an array per report. */
  priorityBits: number;
  /** The incident is dated after the report was received. */
  afterReceipt: boolean;
  location: ReportLocation;
  investigative: boolean;
  viewedFile: boolean;
  viral: boolean;
  needsPort: boolean;
  locationConflict: boolean;
  /** Enrich warned IMPLAUSIBLE_DATE: an incident or IP event after receivedAt + 1 day. */
  implausibleDate?: boolean;
}
