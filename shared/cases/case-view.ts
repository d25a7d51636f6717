/**
 * What a reader sees of a case: the API's and `tipline case show`'s shape. Notes are returned as text (the
 * reader escapes them where it renders them), and only to roles that may read the case.
 */
import type { HistoryEvent, LifecycleCase } from './lifecycle.js';
import { isOverdue } from './due-time.js';

export interface CaseView
  extends Pick<
    LifecycleCase,
    'caseId' | 'batchId' | 'district' | 'elsewhere' | 'priority' | 'status' | 'outcome' | 'fir' | 'transferTo' | 'transferRequest' | 'version' | 'createdAt' | 'dueAt'
  > {
  overdue: boolean;
  history: Omit<HistoryEvent, 'version'>[];
}

export type CaseListItem = Omit<CaseView, 'history'>;

export function listItem(kase: LifecycleCase, now: Date): CaseListItem {
  const item: CaseListItem = {
    caseId: kase.caseId,
    batchId: kase.batchId,
    district: kase.district,
    priority: kase.priority,
    status: kase.status,
    version: kase.version,
    createdAt: kase.createdAt,
    overdue: kase.overdue || isOverdue(kase, now),
  };
  if (kase.elsewhere) item.elsewhere = kase.elsewhere;
  if (kase.outcome) item.outcome = kase.outcome;
  if (kase.fir) item.fir = kase.fir;
  if (kase.transferTo) item.transferTo = kase.transferTo;
  if (kase.transferRequest) item.transferRequest = kase.transferRequest;
  if (kase.dueAt) item.dueAt = kase.dueAt;
  return item;
}

export function caseView(kase: LifecycleCase, now: Date): CaseView {
  return { ...listItem(kase, now), history: kase.history.map(({ version: _v, ...e }) => e) };
}

/** P1 first, overdue before the rest within a priority, then oldest first. */
export function byUrgency(a: CaseListItem, b: CaseListItem): number {
  if (a.priority !== b.priority) return a.priority < b.priority ? -1 : 1;
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.caseId < b.caseId ? -1 : 1;
}
