/**
 * A batch's not-actionable cases for HQ's page: out-of-state ones grouped by where the evidence points (for
 * forwarding) and the rest, each list with its total and its first cases — the lists the HQ summary cuts,
 * here with many more shown. Read from the batch's case file (case fields only, no identifiers).
 */
import { readJsonLines } from '../aws/object-store.js';
import { resource } from '../config.js';
import { keys } from '../storage/keys.js';
import type { Case } from '../model/case.js';
import { HqCaseListsCollector, type CaseList } from '../notify/hq-case-lists.js';

export const LISTED_PER_LIST = 500;

interface ListedCase {
  caseId: string;
  priority: Case['priority'];
  reasons: string[];
  reportCount: number;
}
interface PortalList {
  total: number;
  cases: ListedCase[];
}

const listed = (list: CaseList): PortalList => ({
  total: list.total,
  cases: list.leading.map((c) => ({ caseId: c.caseId, priority: c.priority, reasons: c.reasons, reportCount: c.reportIds.length })),
});

export async function notActionableLists(batchId: string, max = LISTED_PER_LIST): Promise<{ batchId: string; outOfState: (PortalList & { place: string })[]; other: PortalList }> {
  const collector = new HqCaseListsCollector(max);
  for await (const kase of readJsonLines<Case>(resource('WORK_BUCKET'), keys.allCases(batchId))) collector.add(kase);
  const lists = collector.lists();
  return { batchId, outOfState: lists.outOfState.map(({ place, list }) => ({ place, ...listed(list) })), other: listed(lists.otherNotActionable) };
}
