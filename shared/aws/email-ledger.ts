/**
 * At-most-once email per (batch, recipient): record the intent, send, mark sent. A retry skips what is
 * marked sent, and also skips an intent left PENDING — a crash between sending and marking means the mail
 * may have gone, and a second copy is worse than a missing one (HQ is told). A send that failed for sure
 * is marked FAILED and may be attempted again.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from './dynamo-client.js';
import { resource } from '../config.js';

export type EmailState = 'PENDING' | 'SENT' | 'FAILED';

const key = (batchId: string, slot: string) => ({ pk: `BATCH#${batchId}`, sk: `EMAIL#${slot}` });
const table = () => resource('BATCHES_TABLE');

/** Claim the slot for sending. Returns the state that stops us, or 'claimed'. */
export async function claimEmail(batchId: string, slot: string, recipient: string): Promise<'claimed' | 'SENT' | 'PENDING'> {
  try {
    await dynamoClient().send(new PutCommand({
      TableName: table(),
      Item: { ...key(batchId, slot), state: 'PENDING', recipient, claimedAt: new Date().toISOString() },
      ConditionExpression: 'attribute_not_exists(pk) OR #state = :failed',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':failed': 'FAILED' },
    }));
    return 'claimed';
  } catch (err) {
    if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
    const out = await dynamoClient().send(new GetCommand({ TableName: table(), Key: key(batchId, slot), ConsistentRead: true }));
    return (out.Item?.state as 'SENT' | 'PENDING') ?? 'PENDING';
  }
}

export async function markEmail(batchId: string, slot: string, state: 'SENT' | 'FAILED', messageId?: string): Promise<void> {
  await dynamoClient().send(new UpdateCommand({
    TableName: table(),
    Key: key(batchId, slot),
    UpdateExpression: 'SET #state = :s, messageId = :m, markedAt = :t',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':s': state, ':m': messageId ?? null, ':t': new Date().toISOString() },
  }));
}
