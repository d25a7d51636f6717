/**
 * The lifecycle table (docs/design.md §9.4). Items:
 *   CASE#<id> / CASE            the case with its whole history (one item: a change and its event are one write)
 *   FUNNEL / <scope>#<shard>    funnel counters of a district (or #HQ), in 8 shards summed on read
 *   GROUP#<batch>#<scope>#<n> / GROUP   a write-ahead record of up to 100 cases a pipeline step creates, with
 *                               the claim of the one runner that may write them (shared/cases/create-cases.ts)
 *   REMINDER#<IST date> / <recipient>#<caseId>   the reminder ledger: one reminder per case per day
 * Sparse indexes: byDistrictStatus (a district's cases by status, priority), byDue (assigned cases by due time,
 * per district), byReview (the review queue, oldest first), byAnnounce (promoted, not yet in a digest),
 * byPending (changes whose counters are not yet settled).
 *
 * Crash and retry safety without transactions: a change is one conditional put of the case item (version as
 * read, no unsettled change) carrying the change's counter deltas as `pending`. Settling adds the deltas to the
 * counter shard once — guarded by the change's ID in the shard's `applied` map — and then removes `pending`.
 * Whoever finds a pending change (the writer, the next writer of that case, the digest's sweep of byPending)
 * settles it; the guard makes the second settle a no-op. An applied ID is dropped from the map only when it
 * is older than APPLIED_KEEP_MS and its change is no longer pending, and a settler gives up when
 * SETTLE_WINDOW_MS (far less) has passed since it read the pending change, so no late settler can find the
 * guard gone.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { dynamoClient } from './dynamo-client.js';
import { batchGet, batchPut } from './batch-write.js';
import { resource } from '../config.js';
import type { LifecycleCase } from '../cases/lifecycle.js';
import { HQ_SCOPE, type Counts, type Deltas } from '../cases/funnel.js';

export const COUNTER_SHARDS = 8;
/** How long a settler may take from reading a pending change to adding it. */
export const SETTLE_WINDOW_MS = 60_000;
/** How long an applied change's ID stays in the guard at least (and while its change is still pending). */
export const APPLIED_KEEP_MS = 30 * 60_000; // longer than any Lambda may run (15 min)

export interface Pending {
  id: string;
  deltas: Deltas;
}

export interface StoredCase extends LifecycleCase {
  pending?: Pending;
}

const table = () => resource('LIFECYCLE_TABLE');
const caseKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' });
const isConditionFailure = (err: unknown) => (err as Error).name === 'ConditionalCheckFailedException';

/** A conditional write under way: true once written, false when its condition failed (anything else throws). */
async function written(sending: Promise<unknown>): Promise<boolean> {
  try {
    await sending;
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

function shardOf(id: string): number {
  return createHash('sha256').update(id).digest()[0]! % COUNTER_SHARDS;
}

/** The item: the case plus the sparse index attributes its state calls for. */
function toItem(kase: LifecycleCase, pending: Pending | undefined): Record<string, unknown> {
  const item: Record<string, unknown> = { ...caseKey(kase.caseId), ...kase };
  if (kase.district !== null && kase.status !== 'in-review' && kase.review !== 'dropped') {
    item.districtPk = kase.district;
    item.statusSk = `${kase.status}#${kase.priority}#${kase.createdAt}#${kase.caseId}`;
  }
  if (kase.status === 'assigned' && kase.district !== null && kase.dueAt) item.duePk = kase.district;
  if (kase.status === 'in-review') {
    item.reviewPk = 'REVIEW';
    item.reviewSk = `${kase.createdAt}#${kase.caseId}`;
  }
  if (kase.announce && kase.district !== null) item.announcePk = kase.district;
  if (pending) {
    item.pending = pending;
    item.pendingPk = 'PENDING';
  }
  return item;
}

const INDEX_ATTRS = ['pk', 'sk', 'districtPk', 'statusSk', 'duePk', 'reviewPk', 'reviewSk', 'announcePk', 'pendingPk'];

function fromItem(item: Record<string, unknown>): StoredCase {
  const c = { ...item };
  for (const k of INDEX_ATTRS) delete c[k];
  return c as unknown as StoredCase;
}

export async function getCase(caseId: string): Promise<StoredCase | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: table(), Key: caseKey(caseId), ConsistentRead: true }));
  return out.Item ? fromItem(out.Item) : undefined;
}

export function changeId(caseId: string, version: number): string {
  return `${Date.now().toString(36)}:${caseId}:${version}`;
}

/**
 * Writes `after` if the case is still as `before` was read: same version, same overdue mark, nothing unsettled.
 * Returns false when it is not (nothing written).
 */
export async function commitChange(before: StoredCase, after: LifecycleCase, pending: Pending | undefined): Promise<boolean> {
  return written(
    dynamoClient().send(new PutCommand({
      TableName: table(),
      Item: toItem(after, pending),
      ConditionExpression: 'version = :v AND overdue = :o AND attribute_not_exists(pending)',
      ExpressionAttributeValues: { ':v': before.version, ':o': before.overdue },
    })),
  );
}

/** Marks an assigned case overdue (no history event: nobody acted); false if it changed meanwhile. */
export async function markOverdue(kase: StoredCase, pending: Pending): Promise<boolean> {
  return written(
    dynamoClient().send(new UpdateCommand({
      TableName: table(),
      Key: caseKey(kase.caseId),
      UpdateExpression: 'SET overdue = :t, pending = :p, pendingPk = :pk',
      ConditionExpression: 'version = :v AND overdue = :f AND #status = :assigned AND attribute_not_exists(pending)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':t': true, ':f': false, ':v': kase.version, ':assigned': 'assigned', ':p': pending, ':pk': 'PENDING' },
    })),
  );
}

/** Adds a change's deltas to its counter shards at most once (see the header). */
export async function addToCounters(changeIdValue: string, deltas: Deltas, readAt: number): Promise<void> {
  const shard = shardOf(changeIdValue);
  await Promise.all(Object.entries(deltas).map(async ([scope, counts]) => {
    if (Date.now() - readAt > SETTLE_WINDOW_MS) throw new Error('settling took too long: left for the next settler');
    const names: Record<string, string> = { '#applied': 'applied', '#id': changeIdValue };
    const values: Record<string, unknown> = { ':now': Date.now() };
    const adds = Object.entries(counts).map(([k, n], i) => {
      names[`#c${i}`] = k;
      values[`:c${i}`] = n;
      return `#c${i} :c${i}`;
    });
    const add = new UpdateCommand({
      TableName: table(),
      Key: { pk: 'FUNNEL', sk: `${scope}#${shard}` },
      UpdateExpression: `ADD ${adds.join(', ')} SET #applied.#id = :now`,
      ConditionExpression: 'attribute_not_exists(#applied.#id)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
    for (let attempt = 0; ; attempt++) {
      try {
        await dynamoClient().send(add);
        return;
      } catch (err) {
        if (isConditionFailure(err)) return; // the guard holds this change's ID: already added
        // A shard's first change: its `applied` map does not exist yet, so the path into it is invalid.
        if ((err as Error).name !== 'ValidationException' || attempt > 0) throw err;
        await createGuardMap(scope, shard);
      }
    }
  }));
}

async function createGuardMap(scope: string, shard: number): Promise<void> {
  await written(
    dynamoClient().send(new UpdateCommand({
      TableName: table(),
      Key: { pk: 'FUNNEL', sk: `${scope}#${shard}` },
      UpdateExpression: 'SET applied = :empty',
      ConditionExpression: 'attribute_not_exists(applied)',
      ExpressionAttributeValues: { ':empty': {} },
    })),
  );
}

/** After the counters: the case's pending record goes. */
export async function clearPending(caseId: string, pending: Pending): Promise<void> {
  await written(
    dynamoClient().send(new UpdateCommand({
      TableName: table(),
      Key: caseKey(caseId),
      UpdateExpression: 'REMOVE pending, pendingPk',
      ConditionExpression: 'pending.id = :id',
      ExpressionAttributeValues: { ':id': pending.id },
    })),
  );
}

/**
 * Drops guard entries older than APPLIED_KEEP_MS whose change is no longer pending (the digest's sweep calls
 * it after settling what it found): a guard is needed only while some settler may still add its change.
 */
export async function pruneGuards(now = Date.now()): Promise<number> {
  let pruned = 0;
  for (const item of await queryAll({ TableName: table(), KeyConditionExpression: 'pk = :f', ExpressionAttributeValues: { ':f': 'FUNNEL' } })) {
    const applied = (item.applied ?? {}) as Record<string, number>;
    const old: string[] = [];
    for (const [id, addedAt] of Object.entries(applied)) {
      if (now - addedAt > APPLIED_KEEP_MS && !(await stillPending(id))) old.push(id);
    }
    for (let i = 0; i < old.length; i += 50) {
      const slice = old.slice(i, i + 50);
      const names = Object.fromEntries(slice.map((id, j) => [`#g${j}`, id]));
      await dynamoClient().send(new UpdateCommand({
        TableName: table(),
        Key: { pk: 'FUNNEL', sk: item.sk },
        UpdateExpression: `REMOVE ${slice.map((_, j) => `applied.#g${j}`).join(', ')}`,
        ExpressionAttributeNames: names,
      }));
      pruned += slice.length;
    }
  }
  return pruned;
}

/** Is the change with this guard ID still waiting to be settled (a case's pending record, an unfinished group)? */
async function stillPending(id: string): Promise<boolean> {
  if (id.startsWith('group:')) {
    const out = await dynamoClient().send(new GetCommand({ TableName: table(), Key: { pk: `GROUP#${id.slice('group:'.length)}`, sk: 'GROUP' }, ConsistentRead: true }));
    return out.Item !== undefined && out.Item.done !== true;
  }
  const caseId = id.split(':')[1] ?? '';
  return (await getCase(caseId))?.pending?.id === id;
}

/** Every counter, summed over shards: scope → counts. One query of a few hundred small items. */
export async function readCounters(): Promise<Record<string, Counts>> {
  const out: Record<string, Counts> = {};
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :f',
    ExpressionAttributeValues: { ':f': 'FUNNEL' },
  });
  for (const item of items) {
    const scope = String(item.sk).replace(/#\d+$/, '');
    const s = (out[scope] ??= {});
    for (const [k, v] of Object.entries(item)) if (typeof v === 'number') s[k] = (s[k] ?? 0) + v;
  }
  return out;
}

export { HQ_SCOPE };

async function queryAll(input: QueryCommandInput, limit = Infinity): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await dynamoClient().send(new QueryCommand({ ...input, ExclusiveStartKey }));
    items.push(...(out.Items ?? []));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey && items.length < limit);
  return items;
}

const casesOf = async (input: Omit<QueryCommandInput, 'TableName'>): Promise<StoredCase[]> =>
  (await queryAll({ TableName: table(), ...input })).map(fromItem);

/** A district's cases (one status, or all), by status then priority. Index items hold the whole case. */
export function casesOfDistrict(district: string, status?: string): Promise<StoredCase[]> {
  return casesOf({
    IndexName: 'byDistrictStatus',
    KeyConditionExpression: status ? 'districtPk = :d AND begins_with(statusSk, :s)' : 'districtPk = :d',
    ExpressionAttributeValues: status ? { ':d': district, ':s': `${status}#` } : { ':d': district },
  });
}

/** Cases awaiting HQ's decision, oldest first. */
export function reviewQueue(): Promise<StoredCase[]> {
  return casesOf({ IndexName: 'byReview', KeyConditionExpression: 'reviewPk = :r', ExpressionAttributeValues: { ':r': 'REVIEW' } });
}

/** A district's assigned cases due at or before `at`. */
export function dueCases(district: string, at: string): Promise<StoredCase[]> {
  return casesOf({ IndexName: 'byDue', KeyConditionExpression: 'duePk = :d AND dueAt <= :t', ExpressionAttributeValues: { ':d': district, ':t': at } });
}

/** A district's promoted cases no digest has announced yet. */
export function announcedCases(district: string): Promise<StoredCase[]> {
  return casesOf({ IndexName: 'byAnnounce', KeyConditionExpression: 'announcePk = :d', ExpressionAttributeValues: { ':d': district } });
}

/** Cases with a change whose counters are not yet settled. */
export function unsettledCases(): Promise<StoredCase[]> {
  return casesOf({ IndexName: 'byPending', KeyConditionExpression: 'pendingPk = :p', ExpressionAttributeValues: { ':p': 'PENDING' } });
}

/** The announcement is done: the case leaves byAnnounce (unless it changed meanwhile — then the next digest). */
export async function clearAnnounce(caseId: string, version: number): Promise<void> {
  await written(
    dynamoClient().send(new UpdateCommand({
      TableName: table(),
      Key: caseKey(caseId),
      UpdateExpression: 'REMOVE announce, announcePk',
      ConditionExpression: 'version = :v',
      ExpressionAttributeValues: { ':v': version },
    })),
  );
}

/** Reminder ledger: has `recipient` been reminded of the case on this (IST) day? */
export type ReminderState = 'new' | 'claimed' | 'sent';

export async function claimReminder(day: string, recipient: string, caseId: string): Promise<ReminderState> {
  const Key = { pk: `REMINDER#${day}`, sk: `${recipient}#${caseId}` };
  try {
    await dynamoClient().send(new PutCommand({ TableName: table(), Item: { ...Key, state: 'claimed' }, ConditionExpression: 'attribute_not_exists(pk)' }));
    return 'new';
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const out = await dynamoClient().send(new GetCommand({ TableName: table(), Key, ConsistentRead: true }));
    return out.Item?.state === 'sent' ? 'sent' : 'claimed';
  }
}

export async function markReminded(day: string, recipient: string, caseId: string): Promise<void> {
  await dynamoClient().send(new UpdateCommand({
    TableName: table(),
    Key: { pk: `REMINDER#${day}`, sk: `${recipient}#${caseId}` },
    UpdateExpression: 'SET #s = :s',
    ExpressionAttributeNames: { '#s': 'state' },
    ExpressionAttributeValues: { ':s': 'sent' },
  }));
}

/** Write-ahead record of cases a pipeline step creates: see shared/cases/create-cases.ts. */
export interface CreationGroup {
  key: string;
  cases: LifecycleCase[];
  deltas: Deltas;
  done?: boolean;
  /** Who may write the group's cases now, and until when (epoch ms); gone once the group is done. */
  claimer?: string;
  claimUntil?: number;
}

/** A runner's claim on a creation group: only its holder writes the group's cases, and only before `until`. */
export interface GroupClaim {
  claimer: string;
  until: number;
}

const groupKey = (key: string) => ({ pk: `GROUP#${key}`, sk: 'GROUP' });

/**
 * The cases ride in the group as one JSON string: nested lists of maps cost DynamoDB's codecs (and dynalite's
 * validation) per attribute, and nothing queries inside them. Groups stored as a list (`cases`) read the same.
 */
function toGroupItem({ cases, ...rest }: CreationGroup): Record<string, unknown> {
  return { ...rest, casesJson: JSON.stringify(cases) };
}

function fromGroupItem(item: Record<string, unknown>): CreationGroup {
  const { casesJson, cases, ...rest } = item;
  return { ...rest, cases: typeof casesJson === 'string' ? JSON.parse(casesJson) : cases } as CreationGroup;
}

/** Puts the group, claimed, unless it exists; true when this call put it (the claim is the caller's). */
export async function putGroup(group: CreationGroup, claim: GroupClaim): Promise<boolean> {
  return written(
    dynamoClient().send(new PutCommand({
      TableName: table(),
      Item: { ...groupKey(group.key), ...toGroupItem(group), claimer: claim.claimer, claimUntil: claim.until, groupPk: 'PENDING' },
      ConditionExpression: 'attribute_not_exists(pk)',
    })),
  );
}

export async function readGroup(key: string): Promise<CreationGroup | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: table(), Key: groupKey(key), ConsistentRead: true }));
  return out.Item && fromGroupItem(out.Item);
}

/**
 * Claims an unfinished group whose claim has run out (by `now`) or that has none; returns the group as stored,
 * or undefined when it is done, held by another runner, or absent.
 */
export async function takeGroup(key: string, claim: GroupClaim, now = Date.now()): Promise<CreationGroup | undefined> {
  try {
    const out = await dynamoClient().send(new UpdateCommand({
      TableName: table(),
      Key: groupKey(key),
      UpdateExpression: 'SET claimer = :c, claimUntil = :u',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(done) AND (attribute_not_exists(claimUntil) OR claimUntil < :now)',
      ExpressionAttributeValues: { ':c': claim.claimer, ':u': claim.until, ':now': now },
      ReturnValues: 'ALL_NEW',
    }));
    return fromGroupItem(out.Attributes!);
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    return undefined;
  }
}

/** Moves the end of `claimer`'s claim to `until` (renewing, or giving it up early); false if it is not theirs. */
export async function setClaimUntil(key: string, claimer: string, until: number): Promise<boolean> {
  return written(
    dynamoClient().send(new UpdateCommand({
      TableName: table(),
      Key: groupKey(key),
      UpdateExpression: 'SET claimUntil = :u',
      ConditionExpression: 'claimer = :c',
      ExpressionAttributeValues: { ':c': claimer, ':u': until },
    })),
  );
}

/** Which of these cases exist: strongly consistent, keys only, 100 to a request. */
export async function existingCaseIds(caseIds: readonly string[]): Promise<Set<string>> {
  const found = await batchGet(table(), caseIds.map(caseKey), 4, undefined, { consistent: true, projection: 'pk' });
  return new Set(found.map((item) => String(item.pk).slice('CASE#'.length)));
}

/**
 * Writes new cases' initial records, 25 to a request, without conditions: only the holder of their group's
 * claim may call it, with `beforeRequest` fencing each request inside the claim (create-cases.ts says why).
 */
export async function putNewCases(cases: readonly LifecycleCase[], beforeRequest: () => Promise<AbortSignal>): Promise<void> {
  await batchPut(table(), cases.map((c) => toItem(c, undefined)), 4, beforeRequest);
}

export async function groupDone(key: string): Promise<void> {
  await dynamoClient().send(new UpdateCommand({
    TableName: table(),
    Key: groupKey(key),
    UpdateExpression: 'SET done = :t REMOVE groupPk, claimer, claimUntil, casesJson, cases',
    ExpressionAttributeValues: { ':t': true },
  }));
}

/** Unfinished creation groups (a step that crashed between its writes). */
export async function unfinishedGroups(): Promise<CreationGroup[]> {
  return (await queryAll({ TableName: table(), IndexName: 'byUnfinishedGroup', KeyConditionExpression: 'groupPk = :p', ExpressionAttributeValues: { ':p': 'PENDING' } })).map(fromGroupItem);
}
