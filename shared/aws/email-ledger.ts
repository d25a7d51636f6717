/**
 * The email ledger: one item per (batch, slot) — a district's digest, the HQ summary, a failure notice —
 * in the batches table, so email is at least once and, short of a crash, exactly once:
 *
 *   (none | FAILED | UNSENT) ──claim──▶ PENDING ──send──▶ SENT
 *                                          │     └─refused─▶ UNSENT (SES said no: reason kept, message kept)
 *                                          └─crash─▶ PENDING, taken over by the next attempt ("possible repeat")
 *
 * A PENDING slot left behind means a crash between sending and marking: the mail may or may not have gone.
 * Losing a district's digest is worse than a second copy, so the next attempt takes the slot over (a
 * conditional write on the claim time it read, so two attempts cannot both take it) and sends again, marked
 * as a possible repeat. Every transition is a conditional write: no transactions (dynalite has none).
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from './dynamo-client.js';
import { resource } from '../config.js';

export type EmailState = 'PENDING' | 'SENT' | 'FAILED' | 'UNSENT';

export interface EmailSlot {
  slot: string;
  state: EmailState;
  recipient: string;
  claimedAt: string;
  markedAt?: string;
  /** Set when this send took over a slot a crashed attempt left PENDING. */
  repeat?: boolean;
  messageId?: string | null;
  /** SES's reason, when it refused the message. */
  reason?: string;
  /** Where the refused message is kept (work bucket) for `tipline resend`. */
  messageKey?: string;
}

export type Claim =
  | { kind: 'claimed'; repeat: boolean }
  | { kind: 'SENT' }
  /** Another sender claimed it less than `pendingStaleMs` ago and may still be sending. */
  | { kind: 'PENDING' };

const SLOT_PREFIX = 'EMAIL#';
const key = (batchId: string, slot: string) => ({ pk: `BATCH#${batchId}`, sk: `${SLOT_PREFIX}${slot}` });
const table = () => resource('BATCHES_TABLE');
const isConditionFailed = (err: unknown) => (err as Error).name === 'ConditionalCheckFailedException';

export async function readSlot(batchId: string, slot: string): Promise<EmailSlot | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: table(), Key: key(batchId, slot), ConsistentRead: true }));
  return out.Item ? toSlot(out.Item) : undefined;
}

function toSlot(item: Record<string, unknown>): EmailSlot {
  return { ...(item as unknown as EmailSlot), slot: String(item.sk).slice(SLOT_PREFIX.length) };
}

/**
 * Claim the slot for sending. A fresh, FAILED or UNSENT slot is claimed plainly; a PENDING one is taken
 * over as a possible repeat (in the workflow at once: Step Functions never runs two attempts of a step
 * together, so a PENDING slot is a crashed attempt's; `tipline resend`, which may run twice at once, only
 * after `pendingStaleMs`); a SENT one stops us. Loops only when another sender changed the slot between our
 * read and our write.
 */
export async function claimEmail(batchId: string, slot: string, recipient: string, opts: { pendingStaleMs?: number } = {}): Promise<Claim> {
  for (let round = 0; round < 5; round++) {
    const claimedAt = new Date().toISOString();
    try {
      // An update, not a put: a refused message's reason and key stay on the slot until it is sent.
      await dynamoClient().send(new UpdateCommand({
        TableName: table(),
        Key: key(batchId, slot),
        UpdateExpression: 'SET #state = :pending, recipient = :to, claimedAt = :now, #repeat = :no',
        ConditionExpression: 'attribute_not_exists(pk) OR #state IN (:failed, :unsent)',
        ExpressionAttributeNames: { '#state': 'state', '#repeat': 'repeat' },
        ExpressionAttributeValues: { ':pending': 'PENDING', ':to': recipient, ':now': claimedAt, ':no': false, ':failed': 'FAILED', ':unsent': 'UNSENT' },
      }));
      return { kind: 'claimed', repeat: false };
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
    }
    const seen = await readSlot(batchId, slot);
    if (!seen) continue;
    if (seen.state === 'SENT') return { kind: 'SENT' };
    if (seen.state !== 'PENDING') continue;
    if (Date.now() - Date.parse(seen.claimedAt) < (opts.pendingStaleMs ?? 0)) return { kind: 'PENDING' };
    try {
      await dynamoClient().send(new UpdateCommand({
        TableName: table(),
        Key: key(batchId, slot),
        UpdateExpression: 'SET claimedAt = :now, recipient = :to, #repeat = :yes',
        ConditionExpression: '#state = :pending AND claimedAt = :seen',
        ExpressionAttributeNames: { '#state': 'state', '#repeat': 'repeat' },
        ExpressionAttributeValues: { ':now': claimedAt, ':to': recipient, ':yes': true, ':pending': 'PENDING', ':seen': seen.claimedAt },
      }));
      return { kind: 'claimed', repeat: true };
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
    }
  }
  throw new Error(`email slot ${slot} of batch ${batchId} keeps changing under us; retry the step`);
}

export async function markSent(batchId: string, slot: string, messageId: string | undefined): Promise<void> {
  await dynamoClient().send(new UpdateCommand({
    TableName: table(),
    Key: key(batchId, slot),
    UpdateExpression: 'SET #state = :s, messageId = :m, markedAt = :t REMOVE reason',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':s': 'SENT', ':m': messageId ?? null, ':t': new Date().toISOString() },
  }));
}

/** The send failed for sure (the step will retry): the slot may be claimed again. */
export async function markFailed(batchId: string, slot: string): Promise<void> {
  await dynamoClient().send(new UpdateCommand({
    TableName: table(),
    Key: key(batchId, slot),
    UpdateExpression: 'SET #state = :s, markedAt = :t',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':s': 'FAILED', ':t': new Date().toISOString() },
  }));
}

/** SES refused the message: keep why, and where the message is, for `tipline resend`. */
export async function markUnsent(batchId: string, slot: string, reason: string, messageKey: string | undefined): Promise<void> {
  await dynamoClient().send(new UpdateCommand({
    TableName: table(),
    Key: key(batchId, slot),
    UpdateExpression: `SET #state = :s, reason = :r, markedAt = :t${messageKey ? ', messageKey = :k' : ''}`,
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':s': 'UNSENT', ':r': reason, ':t': new Date().toISOString(), ...(messageKey && { ':k': messageKey }) },
  }));
}

/** Every email slot of a batch. */
export async function listSlots(batchId: string): Promise<EmailSlot[]> {
  const slots: EmailSlot[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await dynamoClient().send(new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': key(batchId, '').pk, ':prefix': SLOT_PREFIX },
      ConsistentRead: true,
      ExclusiveStartKey: start,
    }));
    for (const item of out.Items ?? []) slots.push(toSlot(item));
    start = out.LastEvaluatedKey;
  } while (start);
  return slots;
}
