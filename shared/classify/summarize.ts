/**
 * Counts over a batch's cases, as `tipline run --json` reports them (docs/design.md §7). `duplicates` counts REPORTS
 * that assign nothing: in-batch repeats of a report ID plus reports already assigned by an earlier batch, so
 * `valid = newlyAssigned + duplicates` and every valid report is counted exactly once.
 */
import type { Case, Priority } from '../model/case.js';

/** A case with its reports, or with their indices (build-cases.ts `ClassifiedCase`). */
type CountedCase = Pick<Case, 'disposition' | 'district' | 'priority' | 'reportIds' | 'duplicateReportIds'> &
  ({ reports: readonly unknown[] } | { members: readonly number[] });

/** Reports in the case, repeats of a report ID included. */
const occurrences = (c: CountedCase): number => ('members' in c ? c.members.length : c.reports.length);

export interface CaseCounts {
  cases: number;
  actionable: number;
  review: number;
  notActionable: number;
  duplicateCases: number;
  /** Duplicate reports (not cases). */
  duplicates: number;
}

export type DistrictCounts = Record<string, { cases: number } & Record<Priority, number>>;

/** Report IDs of the case assigned for the first time by this batch. */
export function newlyAssignedCount(c: CountedCase): number {
  return c.reportIds.length - c.duplicateReportIds.length;
}

/** Reports in the case that assign nothing (in-batch repeats and earlier-batch duplicates). */
export function duplicateReportCount(c: CountedCase): number {
  return occurrences(c) - newlyAssignedCount(c);
}

export function countCases(cases: readonly CountedCase[]): CaseCounts {
  const counts: CaseCounts = { cases: 0, actionable: 0, review: 0, notActionable: 0, duplicateCases: 0, duplicates: 0 };
  for (const c of cases) {
    counts.cases += 1;
    counts.duplicates += duplicateReportCount(c);
    if (c.disposition === 'actionable') counts.actionable += 1;
    else if (c.disposition === 'review') counts.review += 1;
    else if (c.disposition === 'not-actionable') counts.notActionable += 1;
    else counts.duplicateCases += 1;
  }
  return counts;
}

/** Actionable cases per district, by priority; districts in alphabetical order. */
export function countByDistrict(cases: readonly CountedCase[]): DistrictCounts {
  const tally = new Map<string, { cases: number } & Record<Priority, number>>();
  for (const c of cases) {
    if (c.disposition !== 'actionable' || c.district === null) continue;
    let d = tally.get(c.district);
    if (!d) tally.set(c.district, (d = { cases: 0, P1: 0, P2: 0, P3: 0 }));
    d.cases += 1;
    d[c.priority] += 1;
  }
  return Object.fromEntries([...tally].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
