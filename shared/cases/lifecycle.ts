/**
 * The case lifecycle's vocabulary (docs/design.md §9): statuses, outcomes, the case record and its immutable
 * history events. A case is the unit HQ and the districts work on after the workflow has routed it.
 */
import type { Priority } from '../model/case.js';

export const STATUSES = ['in-review', 'out-of-state', 'assigned', 'acknowledged', 'investigating', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

/** The statuses a district works through, in order (what `tipline districts` counts). */
export const DISTRICT_STATUSES = ['assigned', 'acknowledged', 'investigating', 'closed'] as const;
export type DistrictStatus = (typeof DISTRICT_STATUSES)[number];

export const OUTCOMES = ['arrested', 'fir-registered', 'not-csam', 'suspect-not-identified', 'transferred'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The outcomes HQ may drop a review case with. */
export const DROP_OUTCOMES = ['not-csam', 'suspect-not-identified'] as const satisfies readonly Outcome[];
export type DropOutcome = (typeof DROP_OUTCOMES)[number];

/** One change, appended and never rewritten. `actor` is the role that made it (e.g. `district:Indore`). */
export interface HistoryEvent {
  version: number;
  at: string;
  actor: string;
  from: Status | null;
  to: Status;
  outcome?: Outcome;
  note?: string;
  fir?: string;
  /** Where a case went: the new district on reassignment, the district or state on `transferred`. */
  transferTo?: string;
  /** What kind of change when the status alone does not say it. */
  kind?: 'created' | 'promoted' | 'dropped' | 'reassigned' | 'transfer-requested';
}

export interface LifecycleCase {
  caseId: string;
  batchId: string;
  priority: Priority;
  status: Status;
  /** The district the case is assigned to; null while in review (or dropped), or out of state. */
  district: string | null;
  /** The district Classify placed the case in (a review case's default on promotion). */
  placedIn: string | null;
  /** The state outside MP the case was located in (an out-of-state case; where HQ forwards it). */
  elsewhere?: string;
  outcome?: Outcome;
  fir?: string;
  transferTo?: string;
  /** A district's request that HQ move the case. */
  transferRequest?: { to: string; at: string };
  version: number;
  createdAt: string;
  /** When the current assignment started; the due time runs from here. */
  assignedAt?: string;
  /** Acknowledge by then, or the case is overdue (only while `assigned`). */
  dueAt?: string;
  /** Marked by the digest once the due time has passed; cleared by leaving `assigned`. */
  overdue: boolean;
  /** How HQ decided a review case. */
  review?: 'promoted' | 'dropped';
  /** Promoted and not yet in a district digest. */
  announce?: boolean;
  history: HistoryEvent[];
}

export const isDistrictStatus = (s: Status): s is DistrictStatus => (DISTRICT_STATUSES as readonly string[]).includes(s);
