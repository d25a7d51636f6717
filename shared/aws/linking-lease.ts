/**
 * The linking lease (docs/design.md §2 "Overlapping batches"): one item in the index table, pk `LEASE#linking`, that lets one batch
 * at a time run the linking section — the index lookups of Enrich, Classify's decisions on what they found, and
 * WriteIndex's puts — so batches whose executions overlap give the result of running them one after the other.
 *
 * The holder is the batch ID, so a retried or redriven task of the same batch, and a new execution for the same
 * upload after a failure, find the lease their own. A lease lasts LINKING_LEASE_SECONDS past its last renewal:
 * each task of the section renews it when it starts and every LINKING_LEASE_RENEW_SECONDS while it runs
 * (`withLinkingLease`), so a crashed holder blocks others for minutes, not for the length of a big batch.
 * Conditional writes only (dynalite has no transactions; none are needed for one item).
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from './dynamo-client.js';
import { config, resource } from '../config.js';
import { LinkingBusyError, LinkingLeaseLostError } from '../errors.js';
import { logger } from '../logger.js';

/** The lease item's key in the index table (REPORT# and ID# items never start this way). */
export const LINKING_LEASE_PK = 'LEASE#linking';

export interface LinkingLease {
  holder: string;
  /** Epoch milliseconds after which another batch may take the lease. */
  expiresAt: number;
}

const key = { pk: LINKING_LEASE_PK };
const table = () => resource('INDEX_TABLE');
const seconds = (s: number) => s * 1000;
const conditionFailed = (err: unknown) => (err as Error).name === 'ConditionalCheckFailedException';

/** The lease as stored, if any (strongly consistent). */
export async function readLinkingLease(): Promise<LinkingLease | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }));
  return out.Item ? { holder: String(out.Item.holder), expiresAt: Number(out.Item.expiresAt) } : undefined;
}

/**
 * Take the lease for `batchId`: when nobody holds it, when it has expired, or when this batch holds it already
 * (a retry or a redrive). Throws LinkingBusy naming the holder and until when otherwise.
 */
export async function acquireLinkingLease(batchId: string, now = Date.now()): Promise<LinkingLease> {
  const lease = { holder: batchId, expiresAt: now + seconds(config().LINKING_LEASE_SECONDS) };
  try {
    await dynamoClient().send(new PutCommand({
      TableName: table(),
      Item: { ...key, ...lease, acquiredAt: new Date(now).toISOString() },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR holder = :me',
      ExpressionAttributeValues: { ':now': now, ':me': batchId },
    }));
    return lease;
  } catch (err) {
    if (!conditionFailed(err)) throw err;
    const held = await readLinkingLease();
    throw new LinkingBusyError(
      `the linking lease is held by batch ${held?.holder ?? 'unknown'} until ${held ? new Date(held.expiresAt).toISOString() : 'unknown'}; batch ${batchId} waits for it`,
    );
  }
}

/**
 * Extend this batch's lease. Only the holder may: once another batch has taken it, this batch's lookups are
 * stale, and LinkingLeaseLost stops the step. An expired lease nobody took is still this batch's (nobody
 * looked up the index in between), so it is extended.
 */
export async function renewLinkingLease(batchId: string, now = Date.now()): Promise<LinkingLease> {
  const lease = { holder: batchId, expiresAt: now + seconds(config().LINKING_LEASE_SECONDS) };
  try {
    await dynamoClient().send(new UpdateCommand({
      TableName: table(),
      Key: key,
      UpdateExpression: 'SET expiresAt = :until, renewedAt = :at',
      ConditionExpression: 'holder = :me',
      ExpressionAttributeValues: { ':until': lease.expiresAt, ':at': new Date(now).toISOString(), ':me': batchId },
    }));
    return lease;
  } catch (err) {
    if (!conditionFailed(err)) throw err;
    const held = await readLinkingLease();
    throw new LinkingLeaseLostError(
      `batch ${batchId} no longer holds the linking lease (${held ? `batch ${held.holder} holds it` : 'nobody holds it'}); its index lookups may be stale, so it stops`,
    );
  }
}

/** Give the lease up after the index is written. False when this batch did not hold it (a repeated release). */
export async function releaseLinkingLease(batchId: string): Promise<boolean> {
  try {
    await dynamoClient().send(new DeleteCommand({
      TableName: table(),
      Key: key,
      ConditionExpression: 'holder = :me',
      ExpressionAttributeValues: { ':me': batchId },
    }));
    return true;
  } catch (err) {
    if (conditionFailed(err)) return false;
    throw err;
  }
}

/**
 * After a failure: let the lease expire LINKING_LEASE_DRAIN_SECONDS from now instead of deleting it. A task of
 * the failed section may still be running (a Map's other iterations are abandoned, not stopped); it renews
 * the lease every LINKING_LEASE_RENEW_SECONDS, so the lease stays this batch's until its last task has
 * stopped, and another batch's lookups never overlap its writes. False when this batch did not hold it.
 */
export async function drainLinkingLease(batchId: string, now = Date.now()): Promise<boolean> {
  const until = now + seconds(config().LINKING_LEASE_DRAIN_SECONDS);
  try {
    await dynamoClient().send(new UpdateCommand({
      TableName: table(),
      Key: key,
      UpdateExpression: 'SET expiresAt = :until',
      ConditionExpression: 'holder = :me AND expiresAt > :until',
      ExpressionAttributeValues: { ':until': until, ':me': batchId },
    }));
    return true;
  } catch (err) {
    if (conditionFailed(err)) return false;
    throw err;
  }
}

/**
 * Run one task of the linking section under this batch's lease: renew it first (LinkingLeaseLost if another
 * batch holds it), keep renewing it while `work` runs, and abort `work`'s signal if a renewal finds the lease
 * lost. A renewal that fails for another reason (a throttle, a timeout) is logged and tried again at the next
 * interval: the lease outlasts several missed renewals.
 */
export async function withLinkingLease<T>(batchId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  await renewLinkingLease(batchId);
  const aborter = new AbortController();
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = renewLinkingLease(batchId).catch((err: Error) => {
      if (err instanceof LinkingLeaseLostError) aborter.abort(err);
      else logger.warn('linking lease renewal failed; retried at the next interval', { batchId, error: err.name });
    });
  }, seconds(config().LINKING_LEASE_RENEW_SECONDS));
  timer.unref();
  try {
    const result = await work(aborter.signal);
    aborter.signal.throwIfAborted();
    return result;
  } finally {
    clearInterval(timer);
    await renewing;
  }
}
