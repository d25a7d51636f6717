/**
 * The recipient directory as stored data (table RECIPIENTS_TABLE; docs/design.md "Recipient directory"):
 *
 *   pk "recipients", sk "V#0000000001", …  every version ever loaded: the directory, who loaded it, when, SHA-256
 *   pk "recipients", sk "CURRENT"          the version in use (a copy, so a reader makes one GetItem)
 *
 * `storeDirectory` writes version n+1 only if it does not exist, then moves CURRENT only if it still points at n:
 * two loads at once cannot both win, and no version is overwritten. Items are a few KB (55 districts), far
 * under DynamoDB's 400 KB.
 *
 * `recipientDirectory()` is what Notify, Finalize and MarkFailed call: the stored directory, validated with the
 * recipients schema, cached per Lambda container for CACHE_MS (a load reaches every sender within that time).
 * With nothing stored, a demo deployment (TIPLINE_DEMO=true) uses the shipped placeholder directory; a
 * production one fails with a ConfigError that says how to load one.
 */
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from './dynamo-client.js';
import { ConfigError } from '../errors.js';
import { config } from '../config.js';
import { loadRecipientDirectory, type RecipientDirectory } from '../notify/recipients.js';

const PK = 'recipients';
const CURRENT = 'CURRENT';
const versionKey = (n: number) => `V#${String(n).padStart(10, '0')}`;
const CACHE_MS = 5 * 60 * 1000;

export interface DirectoryVersion {
  version: number;
  changedBy: string;
  changedAt: string;
  sha256: string;
  districts: number;
}

export interface StoredDirectory extends DirectoryVersion {
  directory: RecipientDirectory;
}

export async function readStoredDirectory(doc: DynamoDBDocumentClient, table: string): Promise<StoredDirectory | undefined> {
  const out = await doc.send(new GetCommand({ TableName: table, Key: { pk: PK, sk: CURRENT }, ConsistentRead: true }));
  if (!out.Item) return undefined;
  const { version, changedBy, changedAt, sha256, districts, directory } = out.Item as StoredDirectory;
  return { version, changedBy, changedAt, sha256, districts, directory };
}

/** Every version, newest first, without the directories themselves. */
export async function directoryHistory(doc: DynamoDBDocumentClient, table: string): Promise<DirectoryVersion[]> {
  const versions: DirectoryVersion[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
      ExpressionAttributeValues: { ':pk': PK, ':v': 'V#' },
      ProjectionExpression: 'version, changedBy, changedAt, sha256, districts',
      ScanIndexForward: false,
      ExclusiveStartKey: start,
    }));
    versions.push(...((page.Items ?? []) as DirectoryVersion[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return versions;
}

/**
 * Stores a directory the caller has checked (recipients.ts `directoryProblems`) as the next version. Loading
 * the same directory as the current one stores nothing and returns the current version.
 */
export async function storeDirectory(
  doc: DynamoDBDocumentClient,
  table: string,
  directory: RecipientDirectory,
  changedBy: string,
  now = new Date(),
): Promise<{ stored: boolean; current: StoredDirectory }> {
  const sha256 = createHash('sha256').update(JSON.stringify(directory)).digest('hex');
  const current = await readStoredDirectory(doc, table);
  if (current?.sha256 === sha256) return { stored: false, current };
  const version = (current?.version ?? 0) + 1;
  const item: StoredDirectory = { version, changedBy, changedAt: now.toISOString(), sha256, districts: Object.keys(directory.districts).length, directory };
  try {
    await doc.send(new PutCommand({ TableName: table, Item: { pk: PK, sk: versionKey(version), ...item }, ConditionExpression: 'attribute_not_exists(pk)' }));
    await doc.send(new PutCommand({
      TableName: table,
      Item: { pk: PK, sk: CURRENT, ...item },
      ConditionExpression: current ? 'version = :previous' : 'attribute_not_exists(pk)',
      ExpressionAttributeValues: current ? { ':previous': current.version } : undefined,
    }));
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') {
      throw new Error(`the recipient directory changed while loading (version ${version} was taken); show it with \`tipline recipients\` and load again`);
    }
    throw err;
  }
  return { stored: true, current: item };
}

let cache: { table: string; at: number; directory: RecipientDirectory } | undefined;

/** The directory the sending steps use (see the module comment). */
export async function recipientDirectory(): Promise<RecipientDirectory> {
  const { RECIPIENTS_TABLE: table, TIPLINE_DEMO: demo } = config();
  if (!table) {
    if (demo) return loadRecipientDirectory();
    throw new ConfigError('missing configuration: RECIPIENTS_TABLE is not set for this function');
  }
  if (cache && cache.table === table && Date.now() - cache.at < CACHE_MS) return cache.directory;
  const stored = await readStoredDirectory(dynamoClient(), table);
  let directory: RecipientDirectory;
  if (stored) directory = loadRecipientDirectory(JSON.stringify(stored.directory));
  else if (demo) directory = loadRecipientDirectory();
  else throw new ConfigError('no recipient directory is loaded: run `tipline recipients load FILE --aws` (README "Deploying to AWS")');
  cache = { table, at: Date.now(), directory };
  return directory;
}

/** Forget the cached directory (the local runtime, between a load and a run in one process; tests). */
export function resetRecipientCache(): void {
  cache = undefined;
}
