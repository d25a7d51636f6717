/** The order districts read cases in: P1 first, then P2, P3; within a priority the newest incident first. */
import type { Case } from '../model/case.js';

const time = (iso: string): number => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
};

export function byPriorityThenNewest(a: Case, b: Case): number {
  if (a.priority !== b.priority) return a.priority < b.priority ? -1 : 1;
  const dt = time(b.latestIncidentAt) - time(a.latestIncidentAt);
  if (dt !== 0 && !Number.isNaN(dt)) return dt;
  return a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0;
}

export function sortCases<T extends Case>(cases: readonly T[]): T[] {
  return [...cases].sort(byPriorityThenNewest);
}
