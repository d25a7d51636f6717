/**
 * Lifecycle records for the workflow's cases: every actionable case starts `assigned` to its district (Assign),
 * every review case `in-review` (Finalize). Written idempotently in groups of GROUP_SIZE through a write-ahead
 * record (docs/design.md §9.4):
 *   1. the group — its cases and their summed counter deltas — is put once under a deterministic key, claimed
 *      by this runner (the claim rides on the put: no extra request);
 *   2. the holder reads which of the group's cases exist (BatchGetItem, strongly consistent, keys only) and
 *      writes the others (BatchWriteItem, 25 to a request, UnprocessedItems retried);
 *   3. the deltas are added once, guarded by `group:<key>` like any change;
 *   4. the group is marked done (and its claim dropped).
 * A retry, a re-run or the sweep (shared/cases/digest.ts) finds the group: done → nothing; else it takes the
 * claim once it has run out and redoes 2–4. About 8 requests per 100 cases instead of one conditional put each.
 *
 * Why unconditional case writes cannot overwrite a changed case. BatchWriteItem has no conditions (and dynalite
 * no transactions), so step 2 is only safe if no case of the group can come into being between the read and the
 * write. Only a runner of the same group creates its cases (keys are deterministic and a case belongs to one
 * group). Without more, two runners at once — a task retried while its first attempt still runs, a sweep beside a
 * live step — could race: B reads "absent", A writes the initial record, an officer changes the case, B's
 * identical initial record lands and erases the change (and the counters, already settled, would then disagree
 * with a recount). The claim closes this: only the holder writes; a claim lasts CLAIM_MS and is renewed before a
 * write when less than RENEW_BELOW_MS is left; every write request carries an abort signal that fires FENCE_MS
 * before the claim ends (the SDK's retries of that request included), and a holder whose renewal fails stops.
 * Another runner takes the group only after the claim has ended, so every write of an earlier holder was sent
 * at least FENCE_MS before the taker's read (room for a request in flight and for clock skew, as with the
 * settle window of lifecycle-store.ts); the taker's consistent read sees those cases and writes only the rest.
 * A crashed holder delays a retry by at most CLAIM_MS; a failing one gives up its claim, FENCE_MS from then.
 */
import { randomUUID } from 'node:crypto';
import type { Case } from '../model/case.js';
import type { LifecycleCase } from './lifecycle.js';
import { contribution, sumDeltas } from './funnel.js';
import { dueAtFor, type DueHours } from './due-time.js';
import {
  addToCounters, existingCaseIds, groupDone, putGroup, putNewCases, readGroup, setClaimUntil, takeGroup,
  type CreationGroup, type GroupClaim,
} from '../aws/lifecycle-store.js';
import { inParallel } from '../aws/batch-write.js';
import { TransientError } from '../errors.js';

export const GROUP_SIZE = 100;
/** A claim's length from when it is taken or renewed. */
export const CLAIM_MS = 10_000;
/** Case writes are aborted this long before their claim ends. */
export const FENCE_MS = 3_000;
/** A holder renews its claim before a write when less than this is left (so each write has ≥ 4 s). */
export const RENEW_BELOW_MS = 7_000;
/** How long a runner waits for another's claim before it gives up (TransientError: the step is retried). */
export const MAX_WAIT_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const newClaim = (): GroupClaim => ({ claimer: randomUUID(), until: Date.now() + CLAIM_MS });

/** Not actionable because it was located in another state: HQ forwards it and closes it as `transferred`. */
export const isOutOfState = (c: Pick<Case, 'disposition' | 'reasons'>): boolean =>
  c.disposition === 'not-actionable' && c.reasons.includes('OUT_OF_JURISDICTION');

/** The record a routed case starts as; `at` is when the workflow assigned it. */
export function initialRecord(c: Case, at: string, hours: DueHours): LifecycleCase {
  const review = c.disposition === 'review';
  const outOfState = isOutOfState(c);
  if (!review && !outOfState && (c.disposition !== 'actionable' || !c.district)) {
    throw new Error(`case ${c.caseId} is neither actionable with a district, nor for review, nor out of state`);
  }
  const status = review ? 'in-review' : outOfState ? 'out-of-state' : 'assigned';
  const assigned = status === 'assigned';
  const dueAt = assigned ? dueAtFor(c.priority, at, hours) : undefined;
  return {
    caseId: c.caseId,
    batchId: c.batchId,
    priority: c.priority,
    status,
    district: assigned ? c.district : null,
    placedIn: outOfState ? null : c.district,
    ...(outOfState && c.elsewhere && { elsewhere: c.elsewhere }),
    version: 1,
    createdAt: at,
    ...(assigned ? { assignedAt: at } : {}),
    ...(dueAt && { dueAt }),
    overdue: false,
    history: [{ version: 1, at, actor: 'system', from: null, to: status, kind: 'created' }],
  };
}

/**
 * Creates the records of `cases` (all of one batch and scope), `scope` naming the step's share, e.g. a district.
 * A case ID given twice counts once. Returns how many records this call wrote.
 */
export async function createRecords(batchId: string, scope: string, cases: readonly LifecycleCase[]): Promise<{ created: number; groups: number }> {
  const unique = [...new Map(cases.map((c) => [c.caseId, c])).values()];
  const groups: CreationGroup[] = [];
  for (let i = 0; i < unique.length; i += GROUP_SIZE) {
    const slice = unique.slice(i, i + GROUP_SIZE);
    groups.push({ key: `${batchId}#${scope}#${i / GROUP_SIZE}`, cases: slice, deltas: sumDeltas(slice.map((c) => contribution(c))) });
  }
  let created = 0;
  await inParallel(groups, 4, async (g) => {
    const claim = newClaim();
    const n = (await putGroup(g, claim)) ? await createClaimed(g, claim) : await finishGroup((await readGroup(g.key)) ?? g);
    created += n;
  });
  return { created, groups: groups.length };
}

/** Steps 2–4 for a group already stored (as stored, not as given); returns how many cases this call wrote. */
export async function finishGroup(group: CreationGroup): Promise<number> {
  if (group.done) return 0;
  const taken = await takeWhenFree(group.key);
  return taken ? createClaimed(taken.group, taken.claim) : 0;
}

/** No runner holds the group: its claim, if any, has run out (a live step renews its claim while it writes). */
export const isAbandoned = (group: CreationGroup, now = Date.now()): boolean => (group.claimUntil ?? 0) < now;

/** The group and a claim on it, once no other runner holds one; undefined when the group is done. */
async function takeWhenFree(key: string): Promise<{ group: CreationGroup; claim: GroupClaim } | undefined> {
  const giveUpAt = Date.now() + MAX_WAIT_MS;
  for (;;) {
    const claim = newClaim();
    const group = await takeGroup(key, claim);
    if (group) return { group, claim };
    const stored = await readGroup(key);
    if (!stored || stored.done) return undefined;
    const wait = Math.max(0, (stored.claimUntil ?? 0) - Date.now()) + 1 + Math.random() * 100;
    if (Date.now() + wait > giveUpAt) throw new TransientError(`creation group ${key} is held by another run`);
    await sleep(wait);
  }
}

async function createClaimed(group: CreationGroup, claim: GroupClaim): Promise<number> {
  try {
    const existing = await existingCaseIds(group.cases.map((c) => c.caseId));
    const fresh = group.cases.filter((c) => !existing.has(c.caseId));
    await putNewCases(fresh, fence(group.key, claim));
    await addToCounters(`group:${group.key}`, group.deltas, Date.now());
    await groupDone(group.key);
    return fresh.length;
  } catch (err) {
    // Others may take the group once a write of ours still in flight has landed.
    await setClaimUntil(group.key, claim.claimer, Date.now() + FENCE_MS).catch(() => undefined);
    if ((err as Error).name === 'AbortError') throw new TransientError(`creation group ${group.key}: a write outlasted its claim`);
    throw err;
  }
}

/** Before each write request: renew the claim if it runs short; a signal that aborts the request FENCE_MS before it ends. */
function fence(key: string, claim: GroupClaim): () => Promise<AbortSignal> {
  let renewing: Promise<void> | undefined;
  const renew = async () => {
    const until = Date.now() + CLAIM_MS;
    if (!(await setClaimUntil(key, claim.claimer, until))) throw new TransientError(`creation group ${key}: claim taken by another run`);
    claim.until = until;
  };
  return async () => {
    if (claim.until - Date.now() < RENEW_BELOW_MS) {
      renewing ??= renew().finally(() => {
        renewing = undefined;
      });
      await renewing;
    }
    const left = claim.until - FENCE_MS - Date.now();
    if (left <= 0) throw new TransientError(`creation group ${key}: claim ran out before a write`);
    return AbortSignal.timeout(left);
  };
}
