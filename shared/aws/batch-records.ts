/**
 * The batch record (pk BATCH#<id>, sk META): who owns the batch, its status, the file's fingerprint,
 * counts and timings. `claimBatch` is the idempotency gate at the top of every run: one execution owns a
 * batch until it fails; a second execution for the same file finds it claimed and ends without work.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from './dynamo-client.js';
import { resource } from '../config.js';

export type BatchStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface BatchRecord {
  batchId: string;
  status: BatchStatus;
  execution: string;
  bucket: string;
  key: string;
  versionId?: string;
  etag?: string;
  size: number;
  startedAt: string;
  file?: { sha256: string; size: number; format: string; gzip: boolean };
  counts?: Record<string, number>;
  districts?: Record<string, { cases: number; P1: number; P2: number; P3: number }>;
  timings?: Record<string, string>;
  emails?: number;
  /** Messages SES refused (the run's count, less what `tipline resend` has sent since). */
  emailsUnsent?: number;
  /** Messages re-sent as possible repeats, and those not sent (with SES's reason): see shared/aws/email-ledger.ts. */
  deliveries?: Deliveries;
  error?: { name: string; message: string; state?: string };
  allCasesKey?: string;
  rejectedKey?: string | null;
  summaryKey?: string;
  finishedAt?: string;
}

export interface Deliveries {
  /** Who got a message again, marked as a possible repeat (a district, or "HQ summary"). */
  resent: string[];
  unsent: { to: string; reason: string }[];
}

const pk = (batchId: string) => `BATCH#${batchId}`;
const META = 'META';
const table = () => resource('BATCHES_TABLE');

/** Claim the batch for this execution. Returns the owner when another execution already holds it. */
export async function claimBatch(record: Omit<BatchRecord, 'status'>): Promise<{ claimed: true } | { claimed: false; owner: string }> {
  try {
    await dynamoClient().send(new PutCommand({
      TableName: table(),
      Item: { pk: pk(record.batchId), sk: META, recencyPk: 'BATCH', ...record, status: 'RUNNING' },
      ConditionExpression: 'attribute_not_exists(pk) OR #status = :failed OR #execution = :me',
      ExpressionAttributeNames: { '#status': 'status', '#execution': 'execution' },
      ExpressionAttributeValues: { ':failed': 'FAILED', ':me': record.execution },
    }));
    return { claimed: true };
  } catch (err) {
    if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
    const existing = await getBatch(record.batchId);
    return { claimed: false, owner: existing?.execution ?? 'unknown' };
  }
}

export async function getBatch(batchId: string): Promise<BatchRecord | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: table(), Key: { pk: pk(batchId), sk: META }, ConsistentRead: true }));
  return out.Item as BatchRecord | undefined;
}

/** Set top-level attributes of the batch record (and timings.<name> = now, when given). */
export async function updateBatch(batchId: string, fields: Partial<BatchRecord>, timing?: string): Promise<void> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  Object.entries(fields).forEach(([k, v], i) => {
    if (v === undefined) return;
    names[`#f${i}`] = k;
    values[`:v${i}`] = v;
    sets.push(`#f${i} = :v${i}`);
  });
  if (timing) {
    names['#timings'] = 'timings';
    names['#timing'] = timing;
    values[':now'] = new Date().toISOString();
    values[':empty'] = {};
    // Two statements: DynamoDB cannot create a map and set a key in it in one SET.
    await dynamoClient().send(new UpdateCommand({
      TableName: table(),
      Key: { pk: pk(batchId), sk: META },
      UpdateExpression: 'SET #timings = if_not_exists(#timings, :empty)',
      ExpressionAttributeNames: { '#timings': 'timings' },
      ExpressionAttributeValues: { ':empty': {} },
    }));
    delete values[':empty'];
    sets.push('#timings.#timing = :now');
  }
  if (sets.length === 0) return;
  await dynamoClient().send(new UpdateCommand({
    TableName: table(),
    Key: { pk: pk(batchId), sk: META },
    UpdateExpression: `SET ${sets.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  }));
}

/** Newest batches first (the byRecency index), for `tipline runs --aws`. */
export async function recentBatches(limit = 50): Promise<BatchRecord[]> {
  const out = await dynamoClient().send(new QueryCommand({
    TableName: table(),
    IndexName: 'byRecency',
    KeyConditionExpression: 'recencyPk = :p',
    ExpressionAttributeValues: { ':p': 'BATCH' },
    ScanIndexForward: false,
    Limit: limit,
  }));
  return (out.Items ?? []) as BatchRecord[];
}
