/**
 * Lifecycle records for the workflow's cases: every actionable case starts `assigned` to its district (Assign),
 * every review case `in-review` (Finalize). Written idempotently in groups of GROUP_SIZE through a write-ahead
 * record: (1) the group — its cases and their summed counter deltas — is put once under a deterministic key;
 * (2) each case is put unless it exists; (3) the deltas are added once (guarded like any change);
 * (4) the group is marked done. A retry finds the group, skips what is done and redoes the rest; a group left
 * unfinished by a crash is finished by the digest's sweep. A re-run adds nothing.
 */
import type { Case } from '../model/case.js';
import type { LifecycleCase } from './lifecycle.js';
import { contribution, sumDeltas } from './funnel.js';
import { dueAtFor, type DueHours } from './due-time.js';
import { addToCounters, createCase, groupDone, putGroup, type CreationGroup } from '../aws/lifecycle-store.js';
import { inParallel } from '../aws/batch-write.js';

export const GROUP_SIZE = 100;

/** The record a routed case starts as; `at` is when the workflow assigned it. */
export function initialRecord(c: Case, at: string, hours: DueHours): LifecycleCase {
  const review = c.disposition === 'review';
  if (!review && (c.disposition !== 'actionable' || !c.district)) throw new Error(`case ${c.caseId} is neither actionable with a district nor for review`);
  const status = review ? 'in-review' : 'assigned';
  const dueAt = review ? undefined : dueAtFor(c.priority, at, hours);
  return {
    caseId: c.caseId,
    batchId: c.batchId,
    priority: c.priority,
    status,
    district: review ? null : c.district,
    placedIn: c.district,
    version: 1,
    createdAt: at,
    ...(review ? {} : { assignedAt: at }),
    ...(dueAt && { dueAt }),
    overdue: false,
    history: [{ version: 1, at, actor: 'system', from: null, to: status, kind: 'created' }],
  };
}

/** Creates the records of `cases` (all of one batch and scope), `scope` naming the step's share, e.g. a district. */
export async function createRecords(batchId: string, scope: string, cases: readonly LifecycleCase[]): Promise<{ created: number; groups: number }> {
  const groups: CreationGroup[] = [];
  for (let i = 0; i < cases.length; i += GROUP_SIZE) {
    const slice = cases.slice(i, i + GROUP_SIZE);
    groups.push({ key: `${batchId}#${scope}#${i / GROUP_SIZE}`, cases: slice, deltas: sumDeltas(slice.map((c) => contribution(c))) });
  }
  let created = 0;
  await inParallel(groups, 4, async (g) => {
    created += await finishGroup(await putGroup(g));
  });
  return { created, groups: groups.length };
}

/** Steps 2–4 for a group as stored; returns how many of its cases were new. Safe to run again. */
export async function finishGroup(group: CreationGroup): Promise<number> {
  if (group.done) return 0;
  let created = 0;
  await inParallel(group.cases, 8, async (c) => {
    if ((await createCase(c, undefined)) === undefined) created++;
  });
  const id = `group:${group.key}`;
  await addToCounters(id, group.deltas, Date.now());
  await groupDone(group.key);
  return created;
}
